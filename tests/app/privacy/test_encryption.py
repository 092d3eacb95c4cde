"""ID numbers, phones and e-mail are encrypted in the row; the model reads them back; a stolen
database without the key, or a tampered value, gives nothing away."""

import json
import os
import stat

import pytest
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade
from marshmallow import fields, validate
from sqlalchemy import select, text

from app import privacy
from app.extensions import db
from app.models import Application, ApplicationStatus, PersonalDataDigest, StepStatus
from app.privacy.keys import LOOKUP_KEY_FILE, PERSONAL_DATA_KEY_FILE
from app.review.operations import request_correction, resubmit
from forms import schema
from tests.app.privacy.people import founders_payload, new_phone, personal_values
from tests.factories import filed_application
from tests.support.postgres import postgres_app


def stored_form(application_id: int) -> str:
    """The form column as the database holds it, read with plain SQL."""
    return db.session.execute(text("select form from applications where id = :id"), {"id": application_id}).scalar_one()


def assert_encrypted_at_rest(application_id: int, payload: dict) -> None:
    stored = stored_form(application_id)
    raw = stored if isinstance(stored, str) else json.dumps(stored)  # PostgreSQL's driver parses json
    for value in personal_values(payload):
        assert value not in raw
    assert json.loads(raw)["address"] == payload["address"]  # the rest stays readable
    db.session.expire_all()
    assert db.session.get(Application, application_id).form == payload


def test_the_row_holds_no_id_number_phone_or_email_and_the_model_reads_them_back(ctx):
    payload = founders_payload()
    application = filed_application(payload)
    assert_encrypted_at_rest(application.id, payload)
    assert json.loads(stored_form(application.id))["legal_representative"]["id_number"].startswith("fernet:")


def test_on_postgres_too(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app, app.app_context():
        payload = founders_payload()
        application = filed_application(payload)
        assert_encrypted_at_rest(application.id, payload)


def test_a_corrected_phone_is_written_encrypted(ctx):
    payload = founders_payload()
    application = filed_application(payload)
    application.status = ApplicationStatus.NEEDS_REVIEW
    application.step("tax_registration").status = StepStatus.NEEDS_REVIEW
    request_correction(application, [{"field": "legal_representative.phone", "reason": "号码停机"}], "clerk1", "请补正")
    db.session.commit()
    corrected = new_phone()
    assert resubmit(application, {"legal_representative.phone": corrected}) == {}
    db.session.commit()
    payload["legal_representative"]["phone"] = corrected
    assert_encrypted_at_rest(application.id, payload)


def test_without_the_key_a_copied_row_reads_as_nothing(ctx):
    application = filed_application(founders_payload())
    stolen = json.loads(stored_form(application.id))
    other = privacy.load_keys(Fernet.generate_key().decode(), "x" * 32, ctx.config["INSTANCE_PATH"])
    with pytest.raises(privacy.UnreadableValue):
        privacy.decrypt_form(stolen, other)
    # A value altered in the row (one character of the token) does not open either: Fernet authenticates it.
    token = stolen["contact"]["phone"]
    stolen["contact"]["phone"] = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(privacy.UnreadableValue):
        privacy.decrypt_form(stolen)


def test_every_form_field_that_takes_an_id_number_phone_or_email_is_protected():
    """A new field validated as an ID number, a phone or an e-mail must be named so that it is encrypted."""
    def walk(fields_of: dict, path: str):
        for name, field in fields_of.items():
            inner = field.inner if isinstance(field, fields.List) else field
            if isinstance(inner, fields.Nested):
                yield from walk(inner.schema.fields, f"{path}{name}.")
                continue
            checks = inner.validators if hasattr(inner, "validators") else []
            personal = [c for c in checks if c in (schema._check_id, schema._check_mobile)
                        or isinstance(c, validate.Email)] or (isinstance(inner, fields.Email) and [inner])
            if personal:
                yield f"{path}{name}", name

    found = dict(walk(schema.ApplicationSchema().fields, ""))
    assert {"legal_representative.id_number", "legal_representative.phone", "delivery.phone",
            "contact.phone", "contact.email"} <= set(found)
    assert all(name in privacy.PROTECTED for name in found.values()), found


def test_the_embedded_default_makes_its_keys_once_readable_by_the_owner_only(tmp_path):
    first = privacy.load_keys("", "", str(tmp_path))
    for name in (PERSONAL_DATA_KEY_FILE, LOOKUP_KEY_FILE):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    again = privacy.load_keys("", "", str(tmp_path))
    token = first.fernet.encrypt(b"13800000000")
    assert again.fernet.decrypt(token) == b"13800000000" and again.lookup == first.lookup


@pytest.mark.parametrize("setting", [("not-a-fernet-key", "y" * 32), (Fernet.generate_key().decode(), "short")])
def test_a_bad_key_setting_stops_the_start_naming_the_setting(tmp_path, setting):
    with pytest.raises(privacy.KeySettingError) as refused:
        privacy.load_keys(*setting, str(tmp_path))
    assert ("PERSONAL_DATA_KEYS" if setting[1] != "short" else "LOOKUP_KEY") in str(refused.value)


def check_the_migration(app) -> None:
    with app.app_context():
        downgrade(revision="0012")
        payload = founders_payload()
        # A row as an older release wrote it: the plain form, straight into the table.
        db.session.execute(text(
            "insert into applications (number, channel, status, entity_type, company_name, name_key, form,"
            " submitted_at, due_at, light, updated_at) values ('202611200000000001', 'online', 'processing',"
            " 'llc', '竹溪县旧行科技有限公司', 'old', :form, '2026-11-20 01:00:00', '2026-11-21 01:00:00',"
            " 'green', '2026-11-20 01:00:00')"), {"form": json.dumps(payload, ensure_ascii=False)})
        db.session.commit()
        old_id = db.session.execute(text("select id from applications")).scalar_one()
        assert payload["legal_representative"]["id_number"] in json.dumps(stored_form(old_id))
        db.session.rollback()  # no transaction of ours may hold the tables while the migration runs
        upgrade(revision="heads")
        assert_encrypted_at_rest(old_id, payload)
        kinds = db.session.execute(select(PersonalDataDigest.kind).where(PersonalDataDigest.application_id == old_id))
        assert sorted(set(kinds.scalars())) == ["id_number", "phone"]
        db.session.rollback()
        downgrade(revision="0012")  # and back: the plain form again
        assert payload["contact"]["phone"] in json.dumps(stored_form(old_id))
        db.session.rollback()
        upgrade(revision="heads")


def test_the_migration_encrypts_rows_written_before_it_and_fills_the_digests(app):
    check_the_migration(app)


def test_the_migration_on_postgres_too(sandbox, tmp_path):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("TEST_DATABASE_URL not set (.ci/run sets it)")
    with postgres_app(sandbox.url, str(tmp_path)) as app:
        check_the_migration(app)
