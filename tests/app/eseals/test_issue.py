"""Issuing the electronic seals with the documents: one per voucher seal kind, sealed keys, the seal CA."""

import base64

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from app.eseals.appearance import impression_of
from app.eseals.authority import SEAL_CA_NAME, seal_ca
from app.eseals.issue import issue_electronic_seals, seals_of
from app.eseals.keys import seal_certificate, seal_signer
from app.extensions import db
from app.issuance import build_documents
from app.issuance.queries import voucher_of
from app.models.eseals import ElectronicSeal
from app.signing.documents import the_party_ca
from tests.factories import ready_application


def issued(app):
    """A ready application whose documents were built and its electronic seals issued, as the seal step does."""
    application = ready_application()
    build_documents(application)
    issue_electronic_seals(application)
    db.session.commit()
    return application


def test_one_seal_per_voucher_kind_with_its_impression(app):
    with app.app_context():
        application = issued(app)
        seals = seals_of(application)
        kinds = [grant["kind"] for grant in voucher_of(application).seals]
        assert sorted(seal.kind for seal in seals) == sorted(kinds) and kinds
        assert all(seal.impression is None for seal in seals)  # drawn on first use, not in the seal step
        assert all(impression_of(seal).startswith(b"\x89PNG") and seal.impression for seal in seals)
        assert all(not seal.is_revoked for seal in seals)


def test_a_second_build_makes_no_new_keys(app):
    with app.app_context():
        application = issued(app)
        before = {seal.kind: (seal.id, seal.serial, seal.private_key) for seal in seals_of(application)}
        build_documents(application)
        again = issue_electronic_seals(application)
        db.session.commit()
        assert {seal.kind: (seal.id, seal.serial, seal.private_key) for seal in again} == before
        assert db.session.query(ElectronicSeal).count() == len(before)


def test_the_key_is_stored_sealed_never_in_the_clear(app):
    with app.app_context():
        seal = seals_of(issued(app))[0]
        assert seal.private_key.startswith("fernet:")
        signer = seal_signer(seal)
        plain = signer.signing_key.dump()
        assert base64.b64encode(plain).decode() not in seal.private_key
        assert plain not in seal.private_key.encode()
        # the opened key is the certificate's
        certificate = x509.load_der_x509_certificate(seal.certificate)
        assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
        assert signer.signing_cert.public_key.dump() == seal_certificate(seal).public_key.dump()


def test_the_certificate_names_company_seal_and_credit_code_and_chains_to_the_seal_ca(app):
    with app.app_context():
        application = issued(app)
        ca = seal_ca()
        assert SEAL_CA_NAME in ca.name and ca.demo
        for seal in seals_of(application):
            certificate = x509.load_der_x509_certificate(seal.certificate)
            subject = certificate.subject
            assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == application.company_name
            assert subject.get_attributes_for_oid(ObjectIdentifier("2.5.4.97"))[0].value == f"NTRCN-{application.uscc}"
            assert application.company_name in subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
            assert certificate.issuer == ca.cert.subject
            certificate.verify_directly_issued_by(ca.cert)
            assert certificate.not_valid_after_utc <= ca.cert.not_valid_after_utc
            assert format(certificate.serial_number, "x") == seal.serial
            usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
            assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign


def test_the_seal_ca_is_not_the_party_ca(app):
    with app.app_context():
        assert the_party_ca().cert.subject != seal_ca().cert.subject
