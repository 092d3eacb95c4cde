from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_pem_private_key, pkcs12
from cryptography.x509 import load_pem_x509_certificate

from app.documents.lean_signer import LeanSigner
from app.documents.licence import render_licence
from app.documents.signing import DEMO_KEY_FILE, Signer, demo_signer, load_trust_root, sign_pdf, verify_pdf


def test_demo_key_is_made_once_and_reused(tmp_path):
    first = demo_signer(tmp_path)
    stored = (tmp_path / DEMO_KEY_FILE).read_bytes()
    second = demo_signer(tmp_path)
    assert (tmp_path / DEMO_KEY_FILE).read_bytes() == stored
    assert first.certificate.dump() == second.certificate.dump()
    assert "演示密钥，非正式" in first.certificate.subject.native["common_name"]
    assert first.authority == "竹溪县市场监督管理局"


def test_a_fresh_signature_is_valid_and_covers_the_file(tmp_path, licence_facts, probe):
    signer = demo_signer(tmp_path)
    signed = sign_pdf(render_licence(licence_facts), signer)
    result = verify_pdf(signed, [signer.certificate])
    assert result.intact and result.valid
    assert result.coverage == "ENTIRE_FILE"
    assert result.signer == "竹溪县市场监督管理局（演示密钥，非正式）"
    assert result.signed_at is not None
    # The signed licence still reads and scans as before.
    assert licence_facts.uscc in probe.text(signed)
    (page,) = probe.pages(signed)
    assert probe.barcodes(page)["QRCode"] == licence_facts.verify_url


def test_one_changed_byte_breaks_the_signature(tmp_path, licence_facts):
    signer = demo_signer(tmp_path)
    signed = bytearray(sign_pdf(render_licence(licence_facts), signer))
    position = signed.index(b"/MediaBox")  # the page dictionary, inside the signed range
    signed[position + 2] ^= 0x01
    result = verify_pdf(bytes(signed), [signer.certificate])
    assert not result.intact
    assert not result.valid


def test_an_untrusted_signer_is_intact_but_not_valid(tmp_path, licence_facts):
    signer = demo_signer(tmp_path / "a")
    stranger = demo_signer(tmp_path / "b")
    result = verify_pdf(sign_pdf(render_licence(licence_facts), signer), [stranger.certificate])
    assert result.intact
    assert not result.valid


def test_an_unsigned_or_broken_file_is_not_valid(licence_facts, tmp_path):
    roots = [demo_signer(tmp_path).certificate]
    assert not verify_pdf(render_licence(licence_facts), roots).valid
    assert not verify_pdf(b"not a pdf at all", roots).valid


def test_signer_loads_from_pem_files_and_pkcs12(tmp_path, licence_facts):
    bundle = (tmp_path / DEMO_KEY_FILE)
    demo_signer(tmp_path)
    pem = bundle.read_bytes()
    key = load_pem_private_key(pem, password=None)
    certificate = load_pem_x509_certificate(pem[pem.index(b"-----BEGIN CERTIFICATE"):])
    (tmp_path / "key.pem").write_bytes(pem[:pem.index(b"-----BEGIN CERTIFICATE")])
    (tmp_path / "cert.pem").write_bytes(pem[pem.index(b"-----BEGIN CERTIFICATE"):])
    (tmp_path / "signer.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"authority", key, certificate, None, BestAvailableEncryption(b"secret")))
    root = load_trust_root(tmp_path / "cert.pem")
    for signer in (Signer.from_pem(tmp_path / "key.pem", tmp_path / "cert.pem"),
                   Signer.from_pkcs12(tmp_path / "signer.p12", b"secret")):
        assert verify_pdf(sign_pdf(render_licence(licence_facts), signer), [root]).valid
        # pyHanko's loaders make plain SimpleSigners; the authority signs with the lean encoder anyway.
        assert isinstance(signer.pyhanko_signer, LeanSigner)
