"""The one embedded TrueType CJK font that documents and seal impressions use.

It lives in seals/ because seals must not import app/ (whose package import builds the Flask
app); app.documents.fonts re-exports it.
"""

from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYi"

# Debian's fonts-wqy-zenhei: same family, used only where the PyPI font package is absent.
DEBIAN_FALLBACK = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


class FontUnavailable(RuntimeError):
    """No TrueType CJK font could be found to embed."""


def font_path() -> Path:
    """Path of the CJK TrueType collection: the PyPI package's Micro Hei, else Debian's Zen Hei."""
    try:
        packaged = resources.files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        if packaged.is_file():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    if DEBIAN_FALLBACK.is_file():
        return DEBIAN_FALLBACK
    raise FontUnavailable(
        "No embeddable Chinese font: install the PyPI package paperang-p2-fonts-cjk "
        "(or Debian's fonts-wqy-zenhei)."
    )


def register_fonts() -> str:
    """Register the CJK font with ReportLab (once) and return its name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        # STSong-Light is never used: ReportLab does not embed it and readers show empty boxes.
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
    return FONT_NAME
