"""Amounts in capital Chinese numerals (大写金额), as licences print registered capital."""

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ((3, "仟"), (2, "佰"), (1, "拾"), (0, ""))
SECTIONS = ("", "万", "亿", "万亿")


def _section_in_words(number: int) -> str:
    """0 < number < 10000, with 零 standing for a run of inner zeros."""
    words, pending_zero = "", False
    for power, place in PLACES:
        digit = number // 10**power % 10
        if digit == 0:
            pending_zero = pending_zero or bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        words += DIGITS[digit] + place
    return words


def yuan_in_words(yuan: int) -> str:
    """E.g. 1000000 -> '壹佰万元整', 10050000 -> '壹仟零伍万元整'."""
    if yuan < 0 or yuan >= 10**16:
        raise ValueError(f"amount out of range: {yuan}")
    if yuan == 0:
        return "零元整"
    sections = []
    while yuan:
        sections.append(yuan % 10000)
        yuan //= 10000
    words, pending_zero = "", False
    for index in reversed(range(len(sections))):
        section = sections[index]
        if section == 0:
            pending_zero = pending_zero or bool(words)
            continue
        # A gap in the thousands place of a lower section is read as 零.
        if words and (pending_zero or section < 1000):
            words += "零"
        words += _section_in_words(section) + SECTIONS[index]
        pending_zero = False
    return words + "元整"


def yuan_in_wan(yuan: int) -> str:
    """E.g. 1000000 -> '100万元', 1234500 -> '123.45万元'."""
    wan = f"{yuan / 10000:.6f}".rstrip("0").rstrip(".")
    return f"{wan}万元"
