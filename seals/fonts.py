"""The one embedded TrueType CJK font that documents and seal impressions use.

It lives in seals/ because seals must not import app/ (whose package import builds the Flask
app); app.documents.fonts re-exports it.
"""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "NotoSansSC"
# Noto Sans SC Regular (Google Fonts / Adobe Source Han Sans, SIL Open Font License 1.1), kept in
# the repository with its licence: TrueType outlines ReportLab embeds, no package to outlive.
# Where it came from and how to check it: fonts/README.md.
FONT_FILE = Path(__file__).resolve().parent.parent / "fonts" / "NotoSansSC-Regular.ttf"
# The family names a browser looks for when it renders an impression's SVG.
BROWSER_FAMILIES = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', sans-serif"


class FontUnavailable(RuntimeError):
    """The repository's CJK font file is missing (a partial checkout)."""


def font_path() -> Path:
    """Path of the TrueType CJK font every document and impression embeds."""
    if not FONT_FILE.is_file():
        raise FontUnavailable(f"No embeddable Chinese font: {FONT_FILE} is missing from this checkout.")
    return FONT_FILE


def register_fonts() -> str:
    """Register the CJK font with ReportLab (once) and return its name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        # STSong-Light is never used: ReportLab does not embed it and readers show empty boxes.
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path())))
    return FONT_NAME
