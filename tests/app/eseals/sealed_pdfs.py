"""A small PDF, and the same signed with an electronic seal through pyHanko (as S2's stamping will)."""

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from reportlab.pdfgen.canvas import Canvas

from app.documents.signing import outside_event_loop
from app.eseals.authority import seal_ca
from app.eseals.keys import seal_signer
from app.models.eseals import ElectronicSeal


def contract_pdf(text: str = "Contract 2026-001") -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sealed_pdf(seal: ElectronicSeal, pdf: bytes | None = None, field_name: str = "Seal1") -> bytes:
    """pdf (a fresh contract by default) signed with the seal's key and certificate."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf or contract_pdf()), strict=False)
    pdf_signer = signers.PdfSigner(signers.PdfSignatureMetadata(field_name=field_name), signer=seal_signer(seal))
    reserved = seal_ca().bytes_reserved
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=reserved).getvalue())
