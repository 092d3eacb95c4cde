"""One-time free-seal voucher codes (免费刻章凭证): unguessable, typeable, self-checking."""

import secrets

# No 0/O or 1/I: a code read aloud or typed from paper stays unambiguous. 32 symbols.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS = 4
GROUP_SIZE = 4
# 15 random symbols (75 bits) and one check symbol fill the 4 groups of 4.
RANDOM_LENGTH = GROUPS * GROUP_SIZE - 1


def _check_symbol(body: str) -> str:
    """Luhn mod 32: catches every single wrong symbol and most swaps of neighbours."""
    base = len(ALPHABET)
    total = 0
    for position, ch in enumerate(reversed(body)):
        addend = ALPHABET.index(ch) * (2 if position % 2 == 0 else 1)
        total += addend // base + addend % base
    return ALPHABET[-total % base]


def new_voucher_code() -> str:
    """A fresh voucher code such as 'K7QM-3XTR-9PWD-HC4N'."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    symbols = body + _check_symbol(body)
    return "-".join(symbols[i:i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE))


def normalise_voucher_code(code: str) -> str:
    """Upper-case and drop spaces and dashes, as people type codes loosely."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def is_well_formed_voucher_code(code: str) -> bool:
    """True if the code has the right length, alphabet and check symbol (not that it exists)."""
    symbols = normalise_voucher_code(code)
    if len(symbols) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in symbols):
        return False
    return _check_symbol(symbols[:-1]) == symbols[-1]


def format_voucher_code(code: str) -> str:
    """The printed form of a code however it was typed: groups of four joined by dashes."""
    symbols = normalise_voucher_code(code)
    return "-".join(symbols[i:i + GROUP_SIZE] for i in range(0, len(symbols), GROUP_SIZE))
