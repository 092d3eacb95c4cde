"""Making an issued application's 电子档案, and checking one that comes back.

The archive is made once, at the hand-over (一窗发放, or the courier's pickup), in the same
transaction: every record that decided the application is final then, and the audit trail up to
and with the hand-over goes in with it. It is kept in the database (`archives`), so every process
serves the same bytes, and what happens later (a revocation, a rating) does not change it. An
application handed over before archives were kept gets its archive the first time one is asked for.
"""

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from zipfile import BadZipFile

from sqlalchemy import select

from app.archive.contents import archived_files
from app.archive.package import (
    MANIFEST,
    SIGNATURE,
    Problem,
    digest,
    file_problems,
    manifest,
    read_manifest,
    unpack,
    write_zip,
)
from app.archive.signature import SignatureCheck, check_signature, sign_manifest
from app.extensions import db
from app.issuance.signer import current_signer, is_demo, trust_roots
from app.models import Application, ApplicationStatus, Archive
from app.models.types import utcnow


class NotIssued(LookupError):
    """Only an application handed over (issued, shipped, delivered) has an archive."""


@dataclass(frozen=True)
class ArchiveCheck:
    """What `flask archive verify` reports: the manifest's facts, its signature, every problem."""

    problems: list[Problem] = field(default_factory=list)
    signature: SignatureCheck = SignatureCheck(False)
    record: dict = field(default_factory=dict)  # the manifest, when it could be read
    demo: bool = False  # signed with the demonstration key

    @property
    def valid(self) -> bool:
        return not self.problems and self.signature.valid


def archivable(application: Application) -> bool:
    return application.status in ApplicationStatus.HANDED_OVER


def make_archive(application: Application, made_at: datetime | None = None) -> bytes:
    """The ZIP: every file of the record, manifest.json, and the service's signature on it. No write."""
    if not archivable(application):
        raise NotIssued(application.number)
    made_at = made_at or utcnow()
    files = list(archived_files(application))
    manifest_bytes = manifest(files, number=application.number, uscc=application.uscc,
                              company_name=application.company_name, made_at=made_at)
    signature = sign_manifest(manifest_bytes, current_signer(), made_at)
    return write_zip([*files, (MANIFEST, manifest_bytes), (SIGNATURE, signature)], made_at)


def kept_archive(application: Application) -> Archive:
    """The application's kept archive, made and kept now if it has none yet. No commit."""
    archive = db.session.scalar(select(Archive).where(Archive.application_id == application.id))
    if archive is None:
        db.session.flush()  # the audit event of the hand-over just recorded goes in
        made_at = utcnow()
        content = make_archive(application, made_at)
        archive = Archive(application_id=application.id, content=content, sha256=digest(content), made_at=made_at)
        db.session.add(archive)
    return archive


def verify_archive(content: bytes) -> ArchiveCheck:
    """Check a ZIP against its signed manifest: the signature, then every file; never raises."""
    try:
        unpacked = unpack(content)
    except (BadZipFile, zlib.error, EOFError, ValueError):
        return ArchiveCheck([Problem("unreadable")])
    files = unpacked.files
    if MANIFEST not in files:
        return ArchiveCheck([Problem("no_manifest")])
    problems = [Problem("duplicate", path) for path in unpacked.duplicates]
    signature = SignatureCheck(False)
    if SIGNATURE not in files:
        problems.append(Problem("no_signature"))
    else:
        signature = check_signature(files[MANIFEST], files[SIGNATURE], trust_roots())
        if not signature.valid:
            problems.append(Problem("bad_signature"))
    record = read_manifest(files[MANIFEST])
    if record is None:
        return ArchiveCheck([*problems, Problem("bad_manifest")], signature)
    return ArchiveCheck([*problems, *file_problems(record["files"], files)], signature, record,
                        demo=signature.valid and is_demo(current_signer()))
