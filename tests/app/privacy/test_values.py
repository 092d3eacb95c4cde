"""The protected leaves, their encryption and the digests of the search, as pure values."""

import copy
import json

from cryptography.fernet import Fernet

from app import privacy
from tests.app.privacy.people import founders_payload, personal_values

KEYS = privacy.load_keys(Fernet.generate_key().decode(), "s" * 32, "/nonexistent")
OTHER_LOOKUP = privacy.load_keys(Fernet.generate_key().decode(), "t" * 32, "/nonexistent")


def test_every_personal_value_is_sealed_and_nothing_else_and_the_form_is_not_touched():
    form = founders_payload()
    before = copy.deepcopy(form)
    sealed = privacy.encrypt_form(form, KEYS)
    assert form == before  # the caller's dict (the ORM's) stays plain
    assert not any(value in json.dumps(sealed) for value in personal_values(form))
    assert all(privacy.is_encrypted(value) for _, value in privacy.protected_leaves(sealed))
    assert sealed["address"] == form["address"] and sealed["legal_representative"]["name"] == "张三"
    assert privacy.decrypt_form(sealed, KEYS) == form
    assert privacy.encrypt_form(sealed, KEYS) == sealed  # sealing twice never wraps a token in a token


def test_each_encryption_differs_so_equal_numbers_do_not_show_in_the_row():
    assert privacy.encrypt_value("13800000000", KEYS) != privacy.encrypt_value("13800000000", KEYS)


def test_the_search_takes_exact_id_numbers_and_phones_only():
    id_number = "420324199001011235"
    assert privacy.search_digests(id_number.lower(), KEYS) == privacy.search_digests(id_number, KEYS)
    assert privacy.search_digests("138-0000 0000", KEYS) == privacy.search_digests("13800000000", KEYS)
    for not_a_number in ("张三", "42032419900101123", "1380000000", "竹溪县云帆科技", "", "13800000000x"):
        assert privacy.search_digests(not_a_number, KEYS) == []
    # The digest depends on the key: a copied table is useless to whoever lacks it.
    assert privacy.search_digests(id_number, KEYS) != privacy.search_digests(id_number, OTHER_LOOKUP)


def test_an_id_number_and_a_phone_with_the_same_digits_hash_apart():
    assert privacy.values.digest("id_number", "13800000000", b"k" * 32) != \
        privacy.values.digest("phone", "13800000000", b"k" * 32)
