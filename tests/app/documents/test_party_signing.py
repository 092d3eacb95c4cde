"""Each party's PAdES signature on the 申请书: event certificates from the party CA, added incrementally."""

import asyncio
import hashlib
import hmac
import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from app.documents.application_form import render_application_form
from app.documents.model import Party
from app.documents.signatures import (
    DEMO_CA_FILE,
    PartyIdentity,
    demo_party_ca,
    issue_event_certificate,
    load_party_ca,
    party_ca,
    party_field_name,
    sign_as_party,
    verify_party_signatures,
)
from app.documents.signatures.authority import NO_CA, asn1_certificate, asn1_private_key
from app.documents.signatures.cms_signer import LeanSigner
from tests.app.documents.test_filing_pdfs import LI, ZHANG, filing
from tests.support.pdf import tamper

NUMBER = "202612020000000001"
DIGEST_KEY = b"testing-identity-digest-key"
WANG = Party("王五", ("股东",), "4203**********0018", 100_000)
SIGNERS = [("张三", "420324199001011235"), ("李四", "42032419850505567X"), ("王五", "420324197001010018")]


def identity(name: str, id_number: str) -> PartyIdentity:
    digest = hmac.new(DIGEST_KEY, id_number.encode(), hashlib.sha256).hexdigest()
    return PartyIdentity(name, digest, NUMBER)


def application_form() -> bytes:
    return render_application_form(filing(parties=[ZHANG, LI, WANG], shareholders=[ZHANG, LI, WANG]))


def signed_by(pdf: bytes, ca, count: int, **options) -> bytes:
    for position, (name, id_number) in enumerate(SIGNERS[:count], start=1):
        pdf = sign_as_party(pdf, identity(name, id_number), ca, "签署申请书", "竹溪县政务服务中心",
                            party_field_name(position, name), **options)
    return pdf


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return demo_party_ca(tmp_path_factory.mktemp("party-ca"))


@pytest.fixture(scope="module")
def three_signed(ca) -> bytes:
    return signed_by(application_form(), ca, 3)


def test_two_then_three_parties_each_signature_validates_and_chains_to_the_ca(ca):
    two = signed_by(application_form(), ca, 2)
    assert [check.ok for check in verify_party_signatures(two, ca.certificate)] == [True, True]

    name, id_number = SIGNERS[2]
    three = sign_as_party(two, identity(name, id_number), ca, "签署申请书", "竹溪县", party_field_name(3, name))
    assert three.startswith(two)  # an incremental update: the two signed revisions are kept as they were
    checks = verify_party_signatures(three, ca.certificate)
    assert [check.signer for check in checks] == ["张三", "李四", "王五"]
    assert [check.field_name for check in checks] == ["签署人1 张三", "签署人2 李四", "签署人3 王五"]
    assert [check.coverage for check in checks] == ["ENTIRE_REVISION", "ENTIRE_REVISION", "ENTIRE_FILE"]
    for check, (name, id_number) in zip(checks, SIGNERS, strict=True):
        assert check.intact and check.valid and check.chained and check.timestamped
        assert check.only_signatures_after and check.ok
        assert check.application_number == NUMBER
        assert check.id_digest == identity(name, id_number).id_digest
        assert abs(check.signed_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_pyhanko_sees_later_revisions_as_signatures_only(ca, three_signed):
    signatures = PdfFileReader(BytesIO(three_signed)).embedded_signatures
    levels = []
    for signature in signatures:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[ca.certificate]))
        assert status.bottom_line and status.docmdp_ok
        levels.append(status.modification_level.name)
    assert levels == ["FORM_FILLING", "FORM_FILLING", "NONE"]


def test_one_changed_byte_in_the_first_revision_fails_every_signature(ca, three_signed):
    checks = verify_party_signatures(tamper(three_signed), ca.certificate)
    assert len(checks) == 3
    for check in checks:
        assert not check.intact and not check.valid and not check.ok


def test_a_changed_byte_in_a_later_revision_fails_only_the_signatures_covering_it(ca, three_signed):
    changed = bytearray(three_signed)
    date = b"/M (D\\072"  # each signature's date (the colon escaped), in its own revision
    second = three_signed.index(date, three_signed.index(date) + 1)
    changed[second + len(date) + 3] ^= 0x01  # the second signature's year, 2026 → 2027: still well formed
    first, *later = verify_party_signatures(bytes(changed), ca.certificate)
    assert first.intact and first.valid
    assert [check.intact for check in later] == [False, False]
    assert not any(check.valid for check in later)


def test_a_page_appended_after_the_last_signature_is_reported(ca, three_signed):
    writer = IncrementalPdfFileWriter(BytesIO(three_signed))
    contents = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (added) Tj ET"))
    writer.insert_page(PageObject(contents=contents, media_box=generic.ArrayObject(
        [generic.NumberObject(n) for n in (0, 0, 595, 842)])))
    out = BytesIO()
    writer.write(out)
    checks = verify_party_signatures(out.getvalue(), ca.certificate)
    assert len(checks) == 3
    for check in checks:
        assert check.valid  # what each party signed is unchanged ...
        assert not check.only_signatures_after and not check.ok  # ... but something else was added
    assert checks[-1].coverage == "ENTIRE_REVISION"


def test_an_update_that_adds_no_signature_is_reported_though_pyhanko_allows_it(ca, three_signed):
    writer = IncrementalPdfFileWriter(BytesIO(three_signed))
    writer.set_info(generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("另一份文件")}))
    out = BytesIO()
    writer.write(out)
    last = PdfFileReader(BytesIO(out.getvalue())).embedded_signatures[-1]
    status = validate_pdf_signature(last, ValidationContext(trust_roots=[ca.certificate]))
    assert status.bottom_line  # to pyHanko a changed title is a harmless update ...
    checks = verify_party_signatures(out.getvalue(), ca.certificate)
    assert [check.only_signatures_after for check in checks] == [False, False, False]  # ... not to us


def test_a_signature_from_another_ca_does_not_validate(ca, tmp_path):
    stranger = demo_party_ca(tmp_path)  # same name, same shape, another key: a look-alike CA
    assert stranger.name == ca.name
    (check,) = verify_party_signatures(signed_by(application_form(), stranger, 1), ca.certificate)
    assert check.intact
    assert not check.chained and not check.valid and not check.ok


def test_our_ca_does_not_vouch_for_a_signature_with_a_stranger_s_certificate(ca, tmp_path):
    stranger = demo_party_ca(tmp_path)
    ours = signed_by(application_form(), ca, 1)
    # A second "party" signs with an event certificate from the look-alike CA.
    forged = sign_as_party(ours, identity(*SIGNERS[1]), stranger, "签署申请书", "竹溪县", "签署人2 李四")
    first, second = verify_party_signatures(forged, ca.certificate)
    assert first.ok
    assert second.intact and not second.valid


def test_the_event_certificate_never_contains_the_id_number(ca, three_signed):
    name, id_number = SIGNERS[1]
    _, certificate = issue_event_certificate(ca, identity(name, id_number))
    der = certificate.public_bytes(serialization.Encoding.DER)
    for encoding in ("ascii", "utf-8", "utf-16-be"):
        assert id_number.encode(encoding) not in der
        assert id_number.lower().encode(encoding) not in der
    assert certificate.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == \
        identity(name, id_number).id_digest
    for _, id_number in SIGNERS:  # nor does anything in the signed document
        assert id_number.encode() not in three_signed
        assert id_number.encode("utf-16-be") not in three_signed


def test_the_id_number_itself_is_refused_as_the_digest():
    with pytest.raises(ValueError, match="never the number"):
        PartyIdentity("李四", "42032419850505567X", NUMBER)
    with pytest.raises(ValueError, match="never the number"):
        PartyIdentity("李四", "420324198505055671", NUMBER)


def test_the_event_certificate_is_short_lived_for_a_fresh_key(ca):
    party = identity(*SIGNERS[0])
    first_key, first = issue_event_certificate(ca, party)
    second_key, second = issue_event_certificate(ca, party)
    assert first.not_valid_after_utc - first.not_valid_before_utc <= timedelta(hours=1, minutes=1)
    assert first.public_key() != second.public_key()
    assert first.issuer == ca.cert.subject
    assert not first.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert first.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment


def test_the_signature_stays_valid_after_its_certificate_expires(ca):
    signed = signed_by(application_form(), ca, 1, lifetime=timedelta(seconds=2))
    expires = PdfFileReader(BytesIO(signed)).embedded_signatures[0].signer_cert.not_valid_after
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 1.1)
    (check,) = verify_party_signatures(signed, ca.certificate)
    assert check.valid and check.timestamped  # checked as at its time-stamp
    # Checked as at now instead, the expired certificate would fail: the time-stamp is what holds.
    status = validate_pdf_signature(PdfFileReader(BytesIO(signed)).embedded_signatures[0],
                                    ValidationContext(trust_roots=[ca.certificate]))
    assert not status.bottom_line


def test_a_certificate_expired_before_the_time_stamp_does_not_validate(ca):
    signed = signed_by(application_form(), ca, 1, now=datetime.now(UTC) - timedelta(hours=2))
    (check,) = verify_party_signatures(signed, ca.certificate)
    assert check.intact and check.timestamped
    assert not check.valid and not check.ok


def test_a_field_is_signed_once(ca):
    signed = signed_by(application_form(), ca, 1)
    with pytest.raises(SigningError):
        sign_as_party(signed, identity(*SIGNERS[1]), ca, "签署申请书", "竹溪县", party_field_name(1, "张三"))


def test_unsigned_and_broken_files_carry_no_signature(ca):
    assert verify_party_signatures(application_form(), ca.certificate) == []
    assert verify_party_signatures(b"not a pdf at all", ca.certificate) == []


def test_the_longest_name_and_number_fit_the_reserved_room(ca):
    longest = "阿卜杜热合曼·买买提艾力" + "龘" * 9  # 21 characters, 62 bytes of UTF-8
    party = PartyIdentity(longest, identity(*SIGNERS[0]).id_digest, "9" * 40)
    signed = sign_as_party(application_form(), party, ca, "签署申请书" * 10, "竹溪县" * 20, "签署人1")
    (check,) = verify_party_signatures(signed, ca.certificate)
    assert check.ok and check.signer == longest and check.application_number == "9" * 40
    with pytest.raises(ValueError, match="64 bytes"):
        PartyIdentity(longest + "龘", party.id_digest, NUMBER)


def test_signing_works_inside_a_running_event_loop(ca):
    async def sign_in_loop():
        return signed_by(application_form(), ca, 1)

    (check,) = verify_party_signatures(asyncio.run(sign_in_loop()), ca.certificate)
    assert check.ok


def test_the_demo_ca_is_made_once_with_mode_0600_and_reused(tmp_path):
    first = demo_party_ca(tmp_path)
    path = tmp_path / DEMO_CA_FILE
    stored, made = path.read_bytes(), path.stat().st_mtime_ns
    assert os.stat(path).st_mode & 0o777 == 0o600
    second = demo_party_ca(tmp_path)
    assert path.read_bytes() == stored and path.stat().st_mtime_ns == made
    assert first.certificate.dump() == second.certificate.dump()
    assert first.demo and "演示" in first.name and "企业开办210 电子签名CA" in first.name
    # Parsed once per process: the same settings give the very same CA.
    assert party_ca(instance_dir=tmp_path) is party_ca(instance_dir=tmp_path)


def test_a_real_ca_is_required_without_the_demonstration(tmp_path):
    with pytest.raises(ValueError, match="PARTY_CA_KEY_PATH") as refused:
        party_ca()
    assert str(refused.value) == NO_CA
    with pytest.raises(ValueError, match="set both"):
        party_ca(tmp_path / "key.pem")


def write_ca_files(source, directory, encoding, passphrase=None):
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    suffix = "pem" if encoding == serialization.Encoding.PEM else "der"
    key_path, cert_path = directory / f"ca-key.{suffix}", directory / f"ca-cert.{suffix}"
    key_path.write_bytes(source.key.private_bytes(encoding, serialization.PrivateFormat.PKCS8, encryption))
    cert_path.write_bytes(source.cert.public_bytes(encoding))
    return key_path, cert_path


def test_the_ca_loads_from_pem_and_der_files(tmp_path, ca):
    for encoding, passphrase in ((serialization.Encoding.PEM, b"secret"), (serialization.Encoding.DER, None)):
        key_path, cert_path = write_ca_files(ca, tmp_path, encoding, passphrase)
        loaded = party_ca(key_path, cert_path, passphrase=passphrase.decode() if passphrase else None)
        assert loaded is party_ca(key_path, cert_path, passphrase=passphrase.decode() if passphrase else None)
        assert loaded.certificate.dump() == ca.certificate.dump()
        (check,) = verify_party_signatures(signed_by(application_form(), loaded, 1), ca.certificate)
        assert check.ok


def test_a_key_and_certificate_that_cannot_issue_are_refused(tmp_path, ca):
    key_path, cert_path = write_ca_files(ca, tmp_path, serialization.Encoding.PEM)
    other_key, _ = write_ca_files(demo_party_ca(tmp_path / "other"), tmp_path / "other", serialization.Encoding.PEM)
    with pytest.raises(ValueError, match="not the certificate's"):
        load_party_ca(other_key, cert_path)
    # An event certificate with its own key is no CA: it cannot issue others.
    event_key, event = issue_event_certificate(ca, identity(*SIGNERS[0]))
    (tmp_path / "event.key").write_bytes(event_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "event.crt").write_bytes(event.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(ValueError, match="not a CA certificate"):
        load_party_ca(tmp_path / "event.key", tmp_path / "event.crt")
    # The CA's own key with its certificate, but the certificate has expired.
    now = datetime.now(UTC)
    expired = (x509.CertificateBuilder().subject_name(ca.cert.subject).issuer_name(ca.cert.subject)
               .public_key(ca.key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(days=30)).not_valid_after(now - timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .sign(ca.key, hashes.SHA256()))
    (tmp_path / "expired.crt").write_bytes(expired.public_bytes(serialization.Encoding.PEM))
    with pytest.raises(ValueError, match="expired"):
        load_party_ca(key_path, tmp_path / "expired.crt")


def test_each_party_signs_a_different_application_number_in_its_certificate(ca):
    other = replace(identity(*SIGNERS[0]), application_number="202612020000000002")
    signed = sign_as_party(application_form(), other, ca, "签署申请书", "竹溪县", "签署人1 张三")
    (check,) = verify_party_signatures(signed, ca.certificate)
    assert check.application_number == "202612020000000002"


def test_a_time_stamp_from_another_authority_does_not_count(ca, tmp_path):
    stranger = demo_party_ca(tmp_path)
    key, certificate = issue_event_certificate(ca, identity(*SIGNERS[0]))
    signer = LeanSigner(signing_cert=asn1_certificate(certificate), signing_key=asn1_private_key(key),
                        cert_registry=ca.registry)
    for timestamper in (stranger.timestamper, None):  # a look-alike's time-stamp, or none at all
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="签署人1 张三", subfilter=fields.SigSeedSubFilter.PADES),
            signer=signer, timestamper=timestamper)
        signed = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(application_form())),
                                     bytes_reserved=ca.bytes_reserved).getvalue()
        (check,) = verify_party_signatures(signed, ca.certificate)
        assert check.intact and check.chained
        assert not check.timestamped and not check.valid
