"""The embedded CJK font of every document (implemented beside the seals, which draw text too)."""

from seals.fonts import FONT_NAME, FontUnavailable, font_path, register_fonts

__all__ = ["FONT_NAME", "FontUnavailable", "font_path", "register_fonts"]
