"""The download bundle: every document of an application in one PDF, or in one ZIP when signed."""

import zipfile
from io import BytesIO

from pypdf import PdfReader, PdfWriter


def bundle_pdf(pdfs: list[bytes]) -> bytes:
    """Concatenate PDFs page by page into one (for the window's single print job).

    Rewriting a signed PDF breaks its signature, so a signed licence belongs in bundle_zip.
    """
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(BytesIO(pdf)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def bundle_zip(named: dict[str, bytes]) -> bytes:
    """A ZIP of the given files, byte for byte, so a signed licence stays verifiable."""
    out = BytesIO()
    # PDFs are already compressed; storing them keeps bundling fast.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, content in named.items():
            archive.writestr(name, content)
    return out.getvalue()
