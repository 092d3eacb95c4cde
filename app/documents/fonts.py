"""The embedded CJK font of every document (implemented beside the seals, which draw text too)."""

from seals.fonts import DEBIAN_FALLBACK, FONT_NAME, FontUnavailable, font_path, register_fonts

__all__ = ["DEBIAN_FALLBACK", "FONT_NAME", "FontUnavailable", "font_path", "register_fonts"]
