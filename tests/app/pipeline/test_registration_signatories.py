"""The licence's registration record names who signed (API.md, Signing): the registration step sends
the agency every party who signed and the SHA-256 of the signed 申请书 as filed; the sandbox keeps
them with the registration and refuses a filing whose parties have not all signed."""

import hashlib
from datetime import datetime

import pytest
import requests
from sqlalchemy import select

from app.extensions import db
from app.models import ApplicationStatus, Document, Role, SignatureStatus, StepStatus
from app.pipeline import executors, runner
from app.signing import operations as signing
from app.signing.parties import signers_of
from app.signing.queries import signature_for_token, signatures_of
from integrations import Refused
from tests.factories import (
    create_user,
    example_payload,
    filed_application,
    run_pipeline,
    sign_every_party,
    signing_code,
    signing_token,
)


def registration_record(sandbox, uscc: str) -> dict:
    answer = requests.get(f"{sandbox.url}/registration/registrations/{uscc}", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def filed_form_sha256(application) -> str:
    document = db.session.scalar(select(Document).where(Document.application_id == application.id,
                                                        Document.kind == "application_form"))
    return hashlib.sha256(document.content).hexdigest()


def test_the_registration_record_names_every_party_who_signed(app, sandbox):
    with app.test_request_context():
        application = run_pipeline(filed_application())
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        record = registration_record(sandbox, application.uscc)
        signatures = signatures_of(application)
        assert len(signatures) == 2
        assert record["signatories"] == [
            {"name": s.name, "roles": list(s.roles), "signed_at": record["signatories"][i]["signed_at"]}
            for i, s in enumerate(signatures)]
        for entry, signature in zip(record["signatories"], signatures, strict=True):
            signed_at = datetime.fromisoformat(entry["signed_at"])
            assert signed_at.utcoffset() is not None
            assert abs((signed_at - signature.signed_at).total_seconds()) < 1
        names = {entry["name"] for entry in record["signatories"]}
        assert record["legal_representative"]["name"] in names
        assert {holder["name"] for holder in record["shareholders"]} <= names
        assert record["application_form_sha256"] == filed_form_sha256(application)
        assert "legal_representative" in record["signatories"][0]["roles"]


def test_a_party_witnessed_at_the_window_is_named_with_the_clerk(app, sandbox):
    with app.test_request_context():
        clerk = create_user("window-clerk-sig", Role.CLERK, "王窗口")
        application = filed_application(signed=False)
        people = signers_of(application.form)
        own = signature_for_token(signing_token(application, 1))
        verified = signing.verify_party(own, people[0].id_number, witness=clerk)
        db.session.commit()
        signing.decide(own, verified.verification, signing_code(application, own), "sign", witness=clerk)
        db.session.commit()
        sign_every_party(application)
        application = run_pipeline(application)
        assert application.status == ApplicationStatus.READY_FOR_ISSUE, application.status_note
        first, second = registration_record(sandbox, application.uscc)["signatories"]
        assert first["witnessed_by"] == "王窗口"
        assert "witnessed_by" not in second


def test_a_filing_whose_parties_have_not_all_signed_is_refused_by_the_agency(app, sandbox):
    """Defence in depth: the runner never files an application that awaits signatures; should the
    registration step run for one anyway, the agency refuses it (no credit code) and says who is missing."""
    with app.test_request_context():
        payload = example_payload()
        application = filed_application(payload, signed=False)
        people = signers_of(application.form)
        own = signature_for_token(signing_token(application, 1))  # only the legal representative signs
        verified = signing.verify_party(own, people[0].id_number)
        db.session.commit()
        signing.decide(own, verified.verification, signing_code(application, own), "sign")
        db.session.commit()
        assert [s.status for s in signatures_of(application)] == [SignatureStatus.SIGNED, SignatureStatus.PENDING]
        outcome = runner.run_step(application.step("registration").id)  # the runner itself waits
        db.session.expire_all()
        assert application.step("registration").status == StepStatus.PENDING and application.uscc is None, outcome
        step = application.step("name_approval")
        named = executors.name_approval(step, application)
        named.apply(application)
        step.reference = named.reference
        with pytest.raises(Refused) as refusal:
            executors.registration(application.step("registration"), application)
        assert refusal.value.code == "not_signed" and refusal.value.status == 422
        assert "尚未签署申请书" in refusal.value.reason and payload["shareholders"][1]["name"] in refusal.value.reason
        db.session.rollback()
