"""电子档案: the manifest against its files, the service's signature, tampering caught by the CLI,
the download for supervisors only and audited."""

import hashlib
import json
import zipfile
from io import BytesIO

import pytest
from sqlalchemy import select

from app.archive import NotIssued, make_archive, verify_archive
from app.archive.signature import check_signature
from app.extensions import db
from app.issuance.signer import trust_roots
from app.models import Application, AuditEvent
from app.review import operations as review
from tests.factories import ready_application


@pytest.fixture
def issued(app) -> str:
    """An application handed over at the window: its number."""
    with app.app_context():
        application = ready_application(delivery={"method": "window"})
        review.hand_over(application, "cli:test", "现场发放")
        db.session.commit()
        return application.number


def archive_of(app, number: str) -> bytes:
    with app.app_context():
        return make_archive(db.session.scalar(select(Application).where(Application.number == number)))


def entries(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_the_manifest_lists_every_file_with_its_digest_and_size(app, issued):
    files = entries(archive_of(app, issued))
    manifest = json.loads(files["manifest.json"])
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == issued))
        uscc, form = application.uscc, application.form
    assert (manifest["number"], manifest["uscc"]) == (issued, uscc) and manifest["made_at"]
    listed = [entry["path"] for entry in manifest["files"]]
    assert listed == [name for name in files if name not in ("manifest.json", "manifest.json.p7s")]
    for entry in manifest["files"]:
        content = files[entry["path"]]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest() and entry["size"] == len(content)
    assert {"form.json", "steps.json", "audit.json", "signed/application_form.pdf", "signed/articles.pdf",
            "documents/business_license.pdf", "documents/bundle.zip"} <= set(listed)
    assert json.loads(files["form.json"]) == form  # full personal data: an internal record
    steps = {step["step"]: step for step in json.loads(files["steps.json"])}
    assert steps["registration"]["reference"] and steps["tax_registration"]["result"]
    assert "handed_over" in [event["action"] for event in json.loads(files["audit.json"])]


def test_the_signature_verifies_against_the_service_certificate_and_only_for_its_manifest(app, issued):
    files = entries(archive_of(app, issued))
    with app.app_context():
        roots = trust_roots()
        assert check_signature(files["manifest.json"], files["manifest.json.p7s"], roots).valid
        assert not check_signature(files["manifest.json"] + b" ", files["manifest.json.p7s"], roots).valid
        assert verify_archive(rezip(files)).valid


def test_an_archive_is_made_only_once_issued(app):
    with app.app_context():
        with pytest.raises(NotIssued):
            make_archive(ready_application())


def tampered(files: dict[str, bytes], how: str) -> dict[str, bytes]:
    files = dict(files)
    if how == "changed byte":
        pdf = bytearray(files["documents/business_license.pdf"])
        pdf[100] ^= 1
        files["documents/business_license.pdf"] = bytes(pdf)
    elif how == "missing file":
        del files["audit.json"]
    elif how == "extra file":
        files["documents/extra.pdf"] = b"%PDF-1.4"
    elif how == "changed manifest":
        manifest = json.loads(files["manifest.json"])
        manifest["uscc"] = "91420324MA0000000X"
        files["manifest.json"] = json.dumps(manifest).encode()
    return files


@pytest.mark.parametrize("how", ["changed byte", "missing file", "extra file", "changed manifest"])
def test_the_cli_fails_a_tampered_archive(app, issued, tmp_path, how):
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    good.write_bytes(archive_of(app, issued))
    bad.write_bytes(rezip(tampered(entries(good.read_bytes()), how)))
    runner = app.test_cli_runner()
    passed = runner.invoke(args=["archive", "verify", str(good)])
    assert passed.exit_code == 0 and "结论：档案完整，未被改动" in passed.output, passed.output
    failed = runner.invoke(args=["archive", "verify", str(bad)])
    assert failed.exit_code == 1 and "结论：档案未通过核验" in failed.output, failed.output


def test_the_cli_fails_a_damaged_zip(app, issued, tmp_path):
    content = bytearray(archive_of(app, issued))
    content[len(content) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(content))
    result = app.test_cli_runner().invoke(args=["archive", "verify", str(damaged)])
    assert result.exit_code == 1, result.output


def test_the_cli_makes_an_archive_and_audits_it(app, issued, tmp_path):
    out = tmp_path / "out.zip"
    result = app.test_cli_runner().invoke(args=["archive", "make", issued, str(out)])
    assert result.exit_code == 0, result.output
    assert verify_archive_in(app, out.read_bytes())
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "archive_made"))


def verify_archive_in(app, content: bytes) -> bool:
    with app.app_context():
        return verify_archive(content).valid


def test_only_a_supervisor_downloads_it_and_the_download_is_audited(app, issued, staff, clerk_client,
                                                                     supervisor_client):
    url = f"/clerk/applications/{issued}/archive.zip"
    assert 'id="archive"' in supervisor_client.get(f"/clerk/applications/{issued}").text
    assert 'id="archive"' not in clerk_client.get(f"/clerk/applications/{issued}").text
    assert app.test_client().get(url).status_code in (302, 303)
    assert clerk_client.get(url).status_code == 403
    response = supervisor_client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert verify_archive_in(app, response.data)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "archive_downloaded"))
        assert event is not None and event.actor == "boss" and event.actor_user_id is not None
