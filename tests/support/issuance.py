"""Finished applications without a worker, and a PostgreSQL app of our own, for the issuance tests."""

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import zxingcpp
from flask import Flask
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.factory import create_app
from app.models import Application
from app.pipeline import operations, runner
from config import Testing
from forms.schema import validate_application
from tests.conftest import example_payload


def run_pipeline(application_id: int) -> Application:
    """Run each queued step in this process, in plan order, until none is left; returns the fresh row."""
    application = db.session.get(Application, application_id)
    queue = runner.mark_queued(application)
    while queue:
        outcome = runner.run_step(queue.pop(0))
        assert outcome.retry_in is None, "a step failed against the sandbox"
        queue += outcome.next_step_ids
    db.session.expire_all()
    return db.session.get(Application, application_id)


def finish_application(**changes) -> Application:
    """Submit the example form (with changes) and run it to ready_for_issue. Needs an app context."""
    form, errors = validate_application(example_payload(**changes))
    assert not errors, errors
    filed = operations.file_with_steps(form).application
    db.session.commit()
    application = run_pipeline(filed.id)
    assert application.status == "ready_for_issue", application.status_note
    return application


def sandbox_settings(sandbox_url: str) -> dict:
    return {"NAME_APPROVAL_URL": sandbox_url + "/name-approval", "REGISTRATION_URL": sandbox_url + "/registration",
            "SEAL_CARVING_URL": sandbox_url + "/seal-carving", "TAX_URL": sandbox_url + "/tax",
            "BANK_URL": sandbox_url + "/bank", "COURIER_URL": sandbox_url + "/courier"}


@contextmanager
def postgres_app(sandbox_url: str, instance_dir: str) -> Iterator[Flask]:
    """An app on a throwaway database of its own on TEST_DATABASE_URL's server (dropped afterwards).

    Its own database, not the shared one, so other suites resetting `test` at the same time
    cannot pull the schema from under it.
    """
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"kaiban_issuance_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = create_app(Testing, SQLALCHEMY_DATABASE_URI=server.set(database=name).render_as_string(hide_password=False),
                     INSTANCE_PATH=instance_dir, WTF_CSRF_ENABLED=False, **sandbox_settings(sandbox_url))
    try:
        with app.app_context():
            upgrade(revision="heads")
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pdf_text(pdf: bytes, workdir) -> str:
    """What a reader extracts from the PDF (pdftotext)."""
    path = workdir / f"text-{uuid.uuid4().hex[:8]}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_pages(pdf: bytes, workdir, dpi: int = 150) -> list[Image.Image]:
    """Every page rendered to PNG the way a scanner would see a print (pdftoppm)."""
    stem = workdir / f"page-{uuid.uuid4().hex[:8]}"
    stem.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(stem.with_suffix(".pdf")), str(stem)], check=True)
    return [Image.open(png) for png in sorted(workdir.glob(f"{stem.name}-*.png"))]


def qr_texts(page: Image.Image) -> list[str]:
    """The decoded text of every QR code on a page image."""
    return [r.text for r in zxingcpp.read_barcodes(page) if r.format.name == "QRCode"]
