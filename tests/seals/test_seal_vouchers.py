import re

from seals.vouchers import ALPHABET, is_well_formed_voucher_code, new_voucher_code, normalise_voucher_code


def test_codes_are_four_groups_of_four_without_look_alikes():
    for _ in range(200):
        code = new_voucher_code()
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}", code)
        assert is_well_formed_voucher_code(code)
    assert not set("01OI") & set(ALPHABET)


def test_codes_do_not_repeat():
    assert len({new_voucher_code() for _ in range(2000)}) == 2000


def test_every_single_wrong_symbol_is_caught():
    symbols = normalise_voucher_code(new_voucher_code())
    for position in range(len(symbols)):
        for other in ALPHABET:
            if other != symbols[position]:
                typo = symbols[:position] + other + symbols[position + 1:]
                assert not is_well_formed_voucher_code(typo)


def test_most_swaps_of_neighbours_are_caught():
    caught = total = 0
    for _ in range(50):
        symbols = normalise_voucher_code(new_voucher_code())
        for position in range(len(symbols) - 1):
            if symbols[position] != symbols[position + 1]:
                swapped = symbols[:position] + symbols[position + 1] + symbols[position] + symbols[position + 2:]
                total += 1
                caught += not is_well_formed_voucher_code(swapped)
    assert caught / total > 0.9


def test_people_may_type_loosely_but_not_wrongly():
    code = new_voucher_code()
    assert is_well_formed_voucher_code(code.lower().replace("-", " "))
    assert not is_well_formed_voucher_code(code[:-1])
    assert not is_well_formed_voucher_code(code + "A")
    assert not is_well_formed_voucher_code("O" + code[1:])
    assert not is_well_formed_voucher_code("")
