"""The archive's ZIP and its manifest: each file with its SHA-256 and size, and checking them again.

Pure: no database, no Flask. Entries are written in the order given, each stamped with the moment
the archive was made, so the same records made at the same moment give the same bytes.
"""

import hashlib
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from app.timefmt import SHANGHAI, iso

FORMAT = "kaiban210-archive/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"  # detached CMS (PKCS#7) signature over manifest.json's bytes
OWN_FILES = (MANIFEST, SIGNATURE)


@dataclass(frozen=True)
class Problem:
    """One way an archive differs from its manifest; `code` is one of the PROBLEM_CODES."""

    code: str
    path: str = ""


PROBLEM_CODES = ("unreadable", "no_manifest", "bad_manifest", "no_signature", "bad_signature",
                 "duplicate", "missing", "extra", "size", "digest")


@dataclass(frozen=True)
class Unpacked:
    """What a ZIP holds: its entries' bytes by name, and names that occur more than once."""

    files: dict[str, bytes]
    duplicates: list[str]


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest(files: list[tuple[str, bytes]], *, number: str, uscc: str | None, company_name: str,
             made_at: datetime) -> bytes:
    """manifest.json: the application it records, when it was made, and every file in order."""
    record = {
        "format": FORMAT, "number": number, "uscc": uscc, "company_name": company_name, "made_at": iso(made_at),
        "files": [{"path": path, "sha256": digest(content), "size": len(content)} for path, content in files],
    }
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def write_zip(files: list[tuple[str, bytes]], made_at: datetime) -> bytes:
    """The ZIP of `files` in their order (manifest and signature last, as the caller gives them)."""
    stamp = made_at.astimezone(SHANGHAI).timetuple()[:6]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files:
            entry = zipfile.ZipInfo(path, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    return out.getvalue()


def unpack(content: bytes) -> Unpacked:
    """Every entry of a ZIP; raises zipfile.BadZipFile (or zlib.error) when it is damaged."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        names = [entry.filename for entry in archive.infolist()]
        files = {entry.filename: archive.read(entry) for entry in archive.infolist()}
    return Unpacked(files, sorted(name for name, count in Counter(names).items() if count > 1))


def read_manifest(manifest_bytes: bytes) -> dict | None:
    """The manifest as a record, or None when it is not a manifest this service writes."""
    try:
        record = json.loads(manifest_bytes)
        if record.get("format") != FORMAT or not all(
                isinstance(f["path"], str) and isinstance(f["sha256"], str) and isinstance(f["size"], int)
                for f in record["files"]):
            return None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return record


def file_problems(listed: list[dict], files: dict[str, bytes]) -> list[Problem]:
    """Every listed file present with its size and digest, and nothing else beside the manifest."""
    problems = []
    for entry in listed:
        content = files.get(entry["path"])
        if content is None:
            problems.append(Problem("missing", entry["path"]))
        elif len(content) != entry["size"]:
            problems.append(Problem("size", entry["path"]))
        elif digest(content) != entry["sha256"]:
            problems.append(Problem("digest", entry["path"]))
    named = {entry["path"] for entry in listed} | set(OWN_FILES)
    problems += [Problem("extra", path) for path in files if path not in named]
    return problems
