"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Layout of the 18 characters:

    1      registration authority (登记管理部门), 9 = market regulation
    2      entity kind within that authority (机构类别)
    3–8    the registering office's code (登记管理机关行政区划码): the GB/T 2260 code of
           its area, or an office code of its own — a development zone's office registers
           under a code that is in no edition of GB/T 2260 (110302 北京经济技术开发区,
           320594 苏州工业园区, 610131 西安高新区, 133100 雄安新区)
    9–16   organisation code body (主体标识码, GB 11714)
    17     GB 11714 check digit of the body
    18     GB 32100 check character over the first 17
"""

from __future__ import annotations

from app.rules import regions

# GB 32100: digits and upper-case letters without I, O, S, V, Z (easily misread).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# GB 11714 values characters by their place in the full 0-9A-Z alphabet (A=10 … Z=35),
# not by their place in CHARSET.
_GB11714_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# 3^(i-1) mod 31 for i = 1..17.
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# GB 32100 appendix A (as amended): authority → the entity kinds it registers.
AUTHORITY_KINDS: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": frozenset("19"),  # 外交
    "3": frozenset("123459"),  # 司法行政: 律师事务所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委员会
    "4": frozenset("19"),  # 文化
    "5": frozenset("1239"),  # 民政: 社会团体, 民办非企业单位, 基金会
    "6": frozenset("129"),  # 旅游
    "7": frozenset("129"),  # 宗教
    "8": frozenset("19"),  # 工会
    "9": frozenset("123"),  # 市场监管: 企业, 个体工商户, 农民专业合作社
    "A": frozenset("19"),  # 中央军委改革和编制办公室
    "N": frozenset("1239"),  # 农业: 组级, 村级, 乡镇级集体经济组织
    "Y": frozenset("1"),  # 其他
}

MARKET_REGULATION = "9"
KIND_ENTERPRISE = "1"
KIND_INDIVIDUAL_BUSINESS = "2"
KIND_FARMERS_COOPERATIVE = "3"

# Our entity_type values → (authority, kind). Sole proprietorships and partnerships are
# enterprises in GB 32100's sense.
_ENTITY_PREFIXES: dict[str, tuple[str, str]] = {
    "llc": (MARKET_REGULATION, KIND_ENTERPRISE),
    "sole_proprietorship": (MARKET_REGULATION, KIND_ENTERPRISE),
    "partnership": (MARKET_REGULATION, KIND_ENTERPRISE),
    "individual_business": (MARKET_REGULATION, KIND_INDIVIDUAL_BUSINESS),
    "cooperative": (MARKET_REGULATION, KIND_FARMERS_COOPERATIVE),
}

# How many distinct organisation bodies organisation_body_for can issue: 31^8.
ORGANISATION_BODY_SPACE = len(CHARSET) ** 8


def uscc_prefix_for(entity_type: str) -> tuple[str, str]:
    """(authority, kind) for one of our entity types; KeyError for an unknown type."""
    return _ENTITY_PREFIXES[entity_type]


def organisation_check_digit(first8: str) -> str:
    """GB 11714 check digit of an 8-character organisation code body."""
    if len(first8) != 8 or any(c not in _GB11714_ALPHABET for c in first8):
        raise ValueError(f"organisation code body must be 8 characters of 0-9A-Z: {first8!r}")
    total = sum(_GB11714_ALPHABET.index(c) * w for c, w in zip(first8, _GB11714_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character over the first 17 characters."""
    if len(first17) != 17 or any(c not in CHARSET for c in first17):
        raise ValueError(f"expected 17 characters of the credit-code charset: {first17!r}")
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organisation_body_for(serial: int) -> str:
    """The serial-th organisation code body: 8 characters of CHARSET, one per serial."""
    if not 0 <= serial < ORGANISATION_BODY_SPACE:
        raise ValueError(f"serial out of range 0..{ORGANISATION_BODY_SPACE - 1}: {serial}")
    # Base-31 numeral over CHARSET, most significant first: a bijection onto all bodies.
    digits = []
    for _ in range(8):
        serial, remainder = divmod(serial, len(CHARSET))
        digits.append(CHARSET[remainder])
    return "".join(reversed(digits))


def is_issuable_region(region_code: str) -> bool:
    """Whether we may issue codes under the region: the national code or a GB/T 2260 code in use
    today — never an abolished one: a new code names the office as it is now (GB 32100-2015)."""
    return region_code == regions.NATIONAL_CODE or regions.is_current_region_code(region_code)


def is_office_code(code: str) -> bool:
    """Whether positions 3–8 are a well-formed registering-office code: six digits under a real
    province (or the national 100000). GB 32100 fixes the shape, not a list: offices of development
    zones register under codes of their own, so another's code is not held to GB/T 2260."""
    return (len(code) == 6 and code.isascii() and code.isdigit()
            and (code == regions.NATIONAL_CODE or regions.is_province_code(code[:2])))


def make_uscc(authority: str, entity_kind: str, region_code: str, organisation_body: str) -> str:
    """Assemble a credit code, appending the GB 11714 digit and the GB 32100 check character."""
    if entity_kind not in AUTHORITY_KINDS.get(authority, frozenset()):
        raise ValueError(f"unknown authority/kind: {authority!r}{entity_kind!r}")
    if not is_issuable_region(region_code):
        raise ValueError(f"not a GB/T 2260 region code in use: {region_code!r}")
    if len(organisation_body) != 8 or any(c not in CHARSET for c in organisation_body):
        raise ValueError(f"organisation body must be 8 characters of the charset: {organisation_body!r}")
    first17 = authority + entity_kind + region_code + organisation_body + organisation_check_digit(organisation_body)
    return first17 + uscc_check_char(first17)


def normalise_uscc(code: str) -> str:
    """The code as people type it → canonical form (no spaces or hyphens, upper case)."""
    return "".join(c for c in code if c not in " -\u3000").upper()


def validate_uscc(code: str) -> list[str]:
    """Problem codes for a credit code; empty when it is valid. Expects the canonical form.

    For codes others issued (seal shops, /verify): the check characters are strict, the office
    code need only be well formed (is_office_code)."""
    if len(code) != 18:
        return ["length"]
    if any(c not in CHARSET for c in code):
        return ["charset"]
    problems = []
    if code[1] not in AUTHORITY_KINDS.get(code[0], frozenset()):
        problems.append("authority")
    if not is_office_code(code[2:8]):
        problems.append("region")
    if organisation_check_digit(code[8:16]) != code[16]:
        problems.append("organisation_check")
    if uscc_check_char(code[:17]) != code[17]:
        problems.append("check_char")
    return problems


def is_valid_uscc(code: str) -> bool:
    """Whether the credit code has no problems."""
    return not validate_uscc(code)
