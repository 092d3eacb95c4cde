"""The licence signature made fast (issue 13) and still the same proof: a lean CMS encoder, the seal
parsed once per thread, the size reserved up front — and many worker threads signing at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader

from app.documents.lean_signer import LeanSigner
from app.documents.licence import render_licence
from app.documents.signing import BYTES_RESERVED, demo_signer, sign_pdf, verify_pdf


def test_every_way_of_loading_the_authority_signs_with_the_lean_encoder(tmp_path):
    assert isinstance(demo_signer(tmp_path).pyhanko_signer, LeanSigner)


def test_the_seal_is_parsed_once_per_thread(tmp_path):
    signer = demo_signer(tmp_path)
    here = signer.seal_reader()
    assert signer.seal_reader() is here
    with ThreadPoolExecutor(max_workers=1) as pool:
        elsewhere = pool.submit(signer.seal_reader).result()
    assert elsewhere is not here  # a reader parses lazily: never shared between threads


def test_the_signature_keeps_its_attributes_and_fits_the_reserved_room(tmp_path, licence_facts):
    signer = demo_signer(tmp_path)
    signed = sign_pdf(render_licence(licence_facts), signer)
    (embedded,) = PdfFileReader(BytesIO(signed)).embedded_signatures
    signer_info = embedded.signer_info
    names = {attribute["type"].native for attribute in signer_info["signed_attrs"]}
    assert {"content_type", "message_digest", "signing_certificate_v2"} <= names
    (cert_id,) = [a for a in signer_info["signed_attrs"] if a["type"].native == "signing_certificate_v2"][0]["values"]
    assert cert_id["certs"][0]["issuer_serial"]["serial_number"].native == signer.certificate.serial_number
    assert len(embedded.pkcs7_content) <= BYTES_RESERVED
    assert isinstance(embedded.signed_data, cms.SignedData)


def test_many_threads_sign_with_one_signer_at_once(tmp_path, licence_facts):
    signer = demo_signer(tmp_path)
    pdf = render_licence(licence_facts)
    start = threading.Barrier(8)

    def sign() -> bytes:
        start.wait()
        return sign_pdf(pdf, signer)

    with ThreadPoolExecutor(max_workers=8) as pool:
        signed = list(pool.map(lambda _: sign(), range(16)))
    for licence in signed:
        result = verify_pdf(licence, [signer.certificate])
        assert result.intact and result.valid and result.coverage == "ENTIRE_FILE"
