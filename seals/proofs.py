"""The impression proof a seal shop carves from: one seal, at real size, as a one-page PDF."""

from reportlab.graphics import renderPDF

from seals.impression import draw_impression


def impression_pdf(kind: str, company_name: str, code: str, person_name: str | None = None,
                   taxpayer_id: str | None = None, joint_stock: bool = False) -> bytes:
    """A vector PDF whose page is exactly the seal's size (40 mm for a 公章), for carving."""
    drawing = draw_impression(kind, company_name, code, person_name, taxpayer_id, joint_stock)
    return renderPDF.drawToString(drawing, title=f"{kind} {code}")
