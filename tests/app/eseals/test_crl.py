"""The seal CA's CRL: every seal certificate points to it, it lists the revoked seals (the seal's own
revocation or its licence's) and only those, and the seal CA signed it."""

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from app.eseals.authority import seal_ca
from app.eseals.crl import CRL_PATH
from app.eseals.issue import seals_of
from app.eseals.revocation import revoke_seal
from app.extensions import db
from app.models import Application, Role
from app.models.types import utcnow
from tests.app.eseals.test_issue import issued
from tests.factories import create_user


def fetched_crl(client) -> x509.CertificateRevocationList:
    response = client.get(CRL_PATH)
    assert response.status_code == 200 and response.mimetype == "application/pkix-crl"
    return x509.load_der_x509_crl(response.data)


def test_each_seal_certificate_names_the_crl(app):
    with app.app_context():
        for seal in seals_of(issued(app)):
            points = x509.load_der_x509_certificate(seal.certificate).extensions.get_extension_for_oid(
                ExtensionOID.CRL_DISTRIBUTION_POINTS).value
            assert [name.value for point in points for name in point.full_name] == [
                app.config["PUBLIC_BASE_URL"].rstrip("/") + CRL_PATH]


def test_the_crl_lists_the_revoked_seal_and_its_companys_revoked_licence(app, client):
    with app.app_context():
        first, second = issued(app), issued(app)
        kept, revoked = seals_of(first)[0], seals_of(first)[-1]
        revoke_seal(revoked, create_user("clerk", Role.CLERK), "印章密钥遗失")
        db.session.get(Application, second.id).revoked_at = utcnow()  # 吊销营业执照: every seal with it
        db.session.commit()
        expected = {int(revoked.serial, 16)} | {int(seal.serial, 16) for seal in seals_of(second)}
        if len(seals_of(first)) > 1:
            assert int(kept.serial, 16) not in expected
        ca_key = seal_ca().cert.public_key()
    crl = fetched_crl(client)
    assert crl.is_signature_valid(ca_key)
    assert {entry.serial_number for entry in crl} == expected
    assert crl.next_update_utc > crl.last_update_utc


def test_no_revocation_an_empty_signed_crl(app, client):
    with app.app_context():
        issued(app)
        ca_key = seal_ca().cert.public_key()
    crl = fetched_crl(client)
    assert crl.is_signature_valid(ca_key) and len(list(crl)) == 0
