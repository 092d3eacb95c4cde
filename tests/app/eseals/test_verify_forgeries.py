"""What the verify page says of forged, altered or dead e-seal signatures, and the seal keys under key rotation."""

import re
from io import BytesIO

from cryptography.fernet import Fernet
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import select

from app import privacy
from app.eseals.issue import seals_of
from app.eseals.keys import seal_signer
from app.extensions import db
from app.models import Document
from app.models.eseals import ElectronicSeal
from tests.app.eseals.sealed_pdfs import sealed_pdf
from tests.app.eseals.test_issue import issued

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def upload(client, content: bytes) -> str:
    response = client.post("/verify/upload", data={"licence": (BytesIO(content), "licence.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def altered(pdf: bytes) -> bytes:
    """The licence with a line of text drawn over page 1 in an incremental update (a forgery)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    stream = generic.StreamObject(stream_data=b"q 1 0 0 RG 50 50 m 300 300 l S Q")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_altered_licence_stamped_with_an_eseal_still_says_the_licence_failed(app, client):
    """A company alters its licence and stamps it with its own e-seal: the licence's broken signature
    must still be reported; today the page hides it and only says 电子印章签章有效，文件未被改动."""
    with app.app_context():
        application = issued(app)
        licence = db.session.scalar(select(Document.content).where(
            Document.application_id == application.id, Document.kind == "business_license"))
        seal = next(s for s in seals_of(application) if s.kind == "official")
        forged = sealed_pdf(seal, altered(licence))
    page = upload(client, forged)
    assert 'data-state="valid"' in page  # the e-seal signature itself holds
    assert 'id="upload-result"' in page and 'data-valid="false"' in page  # FAILS: the licence result is hidden


def test_keys_rotate_re_encrypts_the_eseal_keys(app):
    """After `flask keys rotate` the old personal-data key may go (app/privacy/keys.py); the seals'
    keys must then still open. Today electronic_seals.private_key is not in app/cli/keys.py SEALED."""
    app.config.update(PERSONAL_DATA_KEYS=OLD)
    with app.app_context():
        application = issued(app)
        number = len(seals_of(application))
    app.config.update(PERSONAL_DATA_KEYS=f"{NEW},{OLD}")
    result = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    app.config.update(PERSONAL_DATA_KEYS=NEW)
    with app.app_context():
        seals = db.session.scalars(select(ElectronicSeal)).all()
        assert len(seals) == number
        for seal in seals:
            try:
                seal_signer(seal)
            except privacy.UnreadableValue:
                raise AssertionError(f"seal {seal.kind}: its key opens only with the old key") from None


def test_a_forged_certificate_with_a_real_serial_is_not_named_as_the_company(app, client):
    """A self-made certificate whose issuer name is the seal CA's and whose serial is a real seal's
    (serials are public on /verify) must not make the page say whose seal it is."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign import signers

    from app.documents.signing import outside_event_loop
    from app.eseals.authority import seal_ca
    from tests.app.eseals.sealed_pdfs import contract_pdf

    with app.app_context():
        application = issued(app)
        seal = next(s for s in seals_of(application) if s.kind == "official")
        ca = seal_ca()
        real = x509.load_der_x509_certificate(seal.certificate)
        fake_ca_key = ec.generate_private_key(ec.SECP256R1())
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        forged = (x509.CertificateBuilder().subject_name(real.subject).issuer_name(ca.cert.subject)
                  .public_key(key.public_key()).serial_number(real.serial_number)
                  .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
                  .sign(fake_ca_key, hashes.SHA256()))
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(forged.public_bytes(Encoding.DER)),
            signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8,
                                                                        NoEncryption())),
            cert_registry=None)
        writer = IncrementalPdfFileWriter(BytesIO(contract_pdf()), strict=False)
        pdf_signer = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Seal1"), signer=signer)
        pdf = outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())
        name, uscc = application.company_name, application.uscc
    page = upload(client, pdf)
    block = re.search(r'class="[^"]*eseal-signature".*?</dl>', page, re.S).group(0)
    assert 'data-state="invalid"' in block
    assert uscc not in block, "a forged signature is presented as this company's seal"  # FAILS
    assert name  # (the company name is in the forged subject itself, so only the register's code is checked)


def test_the_seals_of_a_rejected_application_do_not_verify_as_valid(app, client):
    """不予受理 while the application is still being decided (after the seal step, before 待发放) must
    not leave its e-seals valid: a signature made with one would name a company that was refused."""
    from app.models import ApplicationStatus, Role
    from app.review.operations import reject
    from tests.factories import create_user

    with app.app_context():
        application = issued(app)
        seal = next(s for s in seals_of(application) if s.kind == "official")
        pdf = sealed_pdf(seal)
        application.status = ApplicationStatus.PROCESSING  # the seals exist; the licence is not yet made
        reject(application, create_user("clerk9", Role.CLERK), "材料虚假，不予受理")
        db.session.commit()
        assert application.status == ApplicationStatus.REJECTED
    page = upload(client, pdf)
    block = re.search(r'class="[^"]*eseal-signature"[^>]*data-state="(\w+)"', page, re.S)
    assert block.group(1) != "valid"


def test_a_file_of_too_many_signatures_is_refused_before_any_is_checked(app, client):
    """Each check compares every later revision: dozens of signatures would hold a worker for a minute."""
    from app.verify.upload import MAX_SIGNATURES, UploadProblem, check_upload

    with app.app_context():
        seal = seals_of(issued(app))[0]
        pdf = None
        for n in range(MAX_SIGNATURES + 1):
            pdf = sealed_pdf(seal, pdf, field_name=f"Seal{n}")
        assert check_upload(pdf).problem == UploadProblem.TOO_MANY_SIGNATURES
        trimmed = sealed_pdf(seal, field_name="Seal0")
        assert check_upload(trimmed).problem is None and check_upload(trimmed).eseals[0].valid
    answer = client.post("/verify/upload", data={"licence": (BytesIO(pdf), "many.pdf")},
                         content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert answer.get_json()["problem"] == UploadProblem.TOO_MANY_SIGNATURES
