"""The embedded CJK font of every document (implemented beside the seals, which draw text too),
with its tables read out of the font file once per process.

ReportLab subsets the font into every PDF it saves, and for each subset copies the tables it needs
out of the 10 MB font file — the 10 MB `glyf` table among them, about 1.3 ms a copy, once or twice
per page. The tables never change, so the registered face keeps each the first time it is read:
the subsets, and so the PDFs, are byte for byte what they were.
"""

from reportlab.pdfbase import pdfmetrics

from seals.fonts import FONT_NAME, FontUnavailable, font_path
from seals.fonts import register_fonts as register_font_file

__all__ = ["FONT_NAME", "FontUnavailable", "font_path", "register_fonts"]


class _KeptTables:
    """A face's get_table that reads each table once (a race only reads one twice: same bytes)."""

    def __init__(self, read_table):
        self.read_table = read_table
        self.tables: dict[str, bytes] = {}

    def __call__(self, tag: str) -> bytes:
        table = self.tables.get(tag)
        if table is None:
            table = self.tables[tag] = self.read_table(tag)
        return table


def keep_tables(face) -> None:
    """Make a registered TrueType face keep the tables it reads (idempotent)."""
    if not isinstance(face.get_table, _KeptTables):
        face.get_table = _KeptTables(face.get_table)


_registered: list[str] = []  # the font's name once registered here: every text run asks for it


def register_fonts() -> str:
    """Register the CJK font with ReportLab (once), its tables kept, and return its name."""
    if not _registered:
        name = register_font_file()
        keep_tables(pdfmetrics.getFont(name).face)
        _registered.append(name)
    return _registered[0]
