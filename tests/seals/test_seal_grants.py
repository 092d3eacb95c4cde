from seals.grants import free_kinds, grant_seals
from seals.shops import hash_shop_key, new_shop_key
from seals.vouchers import format_voucher_code, is_well_formed_voucher_code, new_voucher_code

CODES = {"official": "4203240000001", "finance": "4203240000002", "invoice": "4203240000003",
         "legal_rep": "4203240000004", "contract": "4203240000005"}


def test_three_free_by_default_and_a_fourth_adds_the_legal_representatives_seal():
    assert free_kinds(3) == ("official", "finance", "invoice")
    assert free_kinds(4) == ("official", "finance", "invoice", "legal_rep")
    assert free_kinds(0) == ()


def test_requested_seals_come_in_grant_order_with_codes_and_price():
    grants = grant_seals(["contract", "invoice", "official"], CODES, 3)
    assert [(g.kind, g.code, g.free) for g in grants] == [
        ("official", "4203240000001", True), ("invoice", "4203240000003", True),
        ("contract", "4203240000005", False)]


def test_extra_seals_are_paid_and_fewer_free_seals_make_more_paid():
    kinds = ["official", "finance", "invoice", "legal_rep", "contract"]
    assert [g.free for g in grant_seals(kinds, CODES, 3)] == [True, True, True, False, False]
    assert [g.free for g in grant_seals(kinds, CODES, 1)] == [True, False, False, False, False]
    assert grant_seals(["official"], {}, 3)[0].code == ""


def test_a_code_typed_loosely_formats_back_to_the_printed_form():
    code = new_voucher_code()
    assert format_voucher_code(code.replace("-", " ").lower()) == code
    assert is_well_formed_voucher_code(code.lower())


def test_shop_keys_are_random_and_hashed():
    first, second = new_shop_key(), new_shop_key()
    assert first != second and first.startswith("ssk_") and len(first) > 40
    assert hash_shop_key(first) == hash_shop_key(first) != hash_shop_key(second)
    assert len(hash_shop_key(first)) == 64
