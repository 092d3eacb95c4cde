"""Which characters the one form's names and addresses may hold: a few classes, each with its rule.

Pure: patterns and one function. The same pattern text is the server's check (`allowed`, a full
match) and the `pattern` of the field in /api/v1/openapi.json, so a schema-driven client and the
server agree. It is written to read alike in Python's `re` and in ECMA-262 with the `u` flag (the
JSON Schema dialect): literal characters in the classes, `[0-9]` rather than `\\d`, no `\\s`.

What no class admits, whatever the field: `<`, `>`, `"`, `'`, `&`, `{`, `}`, backticks and control
characters (markup in a name would otherwise reach the signed licence and the verify JSON), and
leading or trailing spaces.
"""

import re

# CJK ideographs, as Unicode's Unified_Ideograph property has them: the URO, Extension A, the twelve
# unified ideographs of the compatibility block, and the supplementary planes (Extensions B–F on
# plane 2, G on plane 3). Resident ID cards print rare characters (生僻字) of those planes, which
# GB 18030-2022 (in force since 2023-08-01) encodes for names in particular: a name refused for
# them would be a citizen turned away. Extensions H and I (Unicode 15.0, 15.1) wait for a Python
# whose Unicode data knows them (3.11 has Unicode 14: to it they are unassigned code points). 〇
# (U+3007) is no ideograph by that property; it is allowed in addresses only ("二〇一室").
IDEOGRAPH_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xFA0E, 0xFA0F), (0xFA11, 0xFA11), (0xFA13, 0xFA14), (0xFA1F, 0xFA1F), (0xFA21, 0xFA21),
    (0xFA23, 0xFA24), (0xFA27, 0xFA29),
    (0x20000, 0x2A6DF), (0x2A700, 0x2EBE0), (0x30000, 0x3134A),
)
# An enterprise name's characters (字号, 行业): 《企业名称登记管理规定》(2020) asks for 规范汉字.
# The URO and Extension A hold them (app.rules.names checks the trade name against the same
# range); refusing traditional forms is the name rules' business, not the character class's.
ENTERPRISE_IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The inside of a character class: literal characters, so Python and ECMA-262 read it alike."""
    return "".join(chr(low) if low == high else f"{chr(low)}-{chr(high)}" for low, high in ranges)


_IDEOGRAPHS = _class(IDEOGRAPH_RANGES)
_NAME_IDEOGRAPHS = _class(ENTERPRISE_IDEOGRAPH_RANGES)
MIDDLE_DOT = "\u00b7"  # 间隔号 · (GB/T 15834-2011 标点符号用法): between the parts of a transliterated name

# 居民身份证法 第四条: the card is filled in 规范汉字; the public-security draft 《姓名登记条例（初稿）》
# (2007) bars foreign letters, 汉语拼音, Arabic digits and symbols from a citizen's name, and the
# register writes a minority name transliterated into 汉字 with the 间隔号 between its parts
# (阿依古丽·买买提). Everyone the form identifies by a resident ID number (legal representative,
# shareholders) is named so: ideographs, parts joined by single middle dots.
PERSON_NAME = f"^[{_IDEOGRAPHS}]+(?:{MIDDLE_DOT}[{_IDEOGRAPHS}]+)*$"

# The contact and the courier's recipient carry no ID number and may be a foreigner acting for the
# founders (a 代办 agent, a recipient at the address), so a name in Latin letters is allowed too:
# words of letters, each optionally ending in a full stop (an initial, "John F. Kennedy"), joined by
# single spaces or hyphens. No apostrophe: it is one of the characters no field admits.
_LATIN_NAME = "[A-Za-z]+\\.?(?:[ -][A-Za-z]+\\.?)*"
CONTACT_NAME = f"^(?:[{_IDEOGRAPHS}]+(?:{MIDDLE_DOT}[{_IDEOGRAPHS}]+)*|{_LATIN_NAME})$"

# Addresses as the ID card, the licence and the courier's waybill write them: ideographs and 〇,
# digits, Latin letters (楼栋 "B座"), and the punctuation of building and room numbers —
# － - # ( ) （ ） , ， 、 . · / — with single inner spaces allowed, none at either end.
_ADDRESS_CHARACTERS = f"{_IDEOGRAPHS}\u30070-9A-Za-z\uff0d\\-#()\uff08\uff09,\uff0c\u3001.{MIDDLE_DOT}/"
ADDRESS = f"^[{_ADDRESS_CHARACTERS}](?:[{_ADDRESS_CHARACTERS} ]*[{_ADDRESS_CHARACTERS}])?$"

# 字号 and 行业或经营特点: ideographs only — no letters, digits, spaces or symbols.
ENTERPRISE_NAME_PART = f"^[{_NAME_IDEOGRAPHS}]+$"

# Idempotency-Key: what `str.isprintable()` admits of a header value, which WSGI hands over decoded
# as Latin-1: printable ASCII and Latin-1 letters and signs, not NBSP (U+00A0) nor the soft hyphen
# (U+00AD).
IDEMPOTENCY_KEY = "^[ -~\u00a1-\u00ac\u00ae-\u00ff]*$"

# The name /api/v1/openapi.json gives each class beside its pattern (OpenAPI formats are open-ended):
# what kind of text it is, for a client that builds values rather than matching them.
FORMATS = {
    PERSON_NAME: "cn-person-name",
    CONTACT_NAME: "cn-contact-name",
    ADDRESS: "cn-address",
}

_COMPILED: dict[str, re.Pattern[str]] = {}


def allowed(pattern: str, value: str) -> bool:
    """Whether the whole of `value` is what `pattern` (one of the classes above) admits."""
    compiled = _COMPILED.get(pattern)
    if compiled is None:
        # The classes are anchored with ^…$ for JSON Schema; the server matches the whole string
        # (Python's `$` would also admit a final newline).
        compiled = _COMPILED[pattern] = re.compile(pattern.removeprefix("^").removesuffix("$"))
    return compiled.fullmatch(value) is not None
