"""Which leaves of the one form are personal data, and how they are encrypted, opened and hashed.

A protected leaf is a string under one of `PROTECTED` at any depth of the form
(`legal_representative.id_number`, `shareholders.0.phone`, `delivery.phone`, `contact.email`…),
so a new person or phone field is covered by its name alone. In the row it is stored as
`fernet:<token>`; everything else in the form stays readable (the name, the address, the scope).
"""

import hashlib
import hmac
import re
from collections.abc import Callable
from typing import Any

from cryptography.fernet import InvalidToken

from app.privacy.keys import Keys, current_keys

MARK = "fernet:"
PROTECTED = ("id_number", "phone", "email")
ID_NUMBER, PHONE = "id_number", "phone"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_PHONE_TYPED = re.compile(r"[0-9 ()+\-]+")
_MOBILE_SHAPE = re.compile(r"1[0-9]{10}")


class UnreadableValue(ValueError):
    """A stored value that none of PERSONAL_DATA_KEYS opens (a key was dropped too early)."""


def normalise_id(value: str) -> str:
    """An ID number as people type it → no spaces, upper-case X."""
    return "".join(value.split()).upper()


def normalise_phone(value: str) -> str:
    """A phone number → its digits only."""
    return "".join(ch for ch in value if ch.isdigit())


NORMALISE: dict[str, Callable[[str], str]] = {ID_NUMBER: normalise_id, PHONE: normalise_phone}


def is_encrypted(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(MARK)


def encrypt_value(value: str, keys: Keys | None = None) -> str:
    """One value sealed with the first key (an already sealed one is left as it is)."""
    if is_encrypted(value):
        return value
    return MARK + (keys or current_keys()).fernet.encrypt(value.encode()).decode()


def decrypt_value(value: str, keys: Keys | None = None) -> str:
    """One value opened with any key; a plain value (a row from before encryption) as it is."""
    if not is_encrypted(value):
        return value
    try:
        return (keys or current_keys()).fernet.decrypt(value[len(MARK):].encode()).decode()
    except InvalidToken as error:
        raise UnreadableValue("a personal-data value opens with no key of PERSONAL_DATA_KEYS") from error


def rotate_value(value: str, keys: Keys) -> str:
    """The value under the first key: unchanged when it is already, sealed when it was plain."""
    if not is_encrypted(value):
        return encrypt_value(value, keys)
    token = value[len(MARK):].encode()
    try:
        keys.primary.decrypt(token)
        return value
    except InvalidToken:
        pass
    try:
        return MARK + keys.fernet.rotate(token).decode()
    except InvalidToken as error:
        raise UnreadableValue("a personal-data value opens with no key of PERSONAL_DATA_KEYS") from error


def map_protected(form: Any, change: Callable[[str], str]) -> Any:
    """A copy of the form with `change` applied to every protected leaf (the form is not touched)."""
    if isinstance(form, dict):
        return {key: change(value) if key in PROTECTED and isinstance(value, str) else map_protected(value, change)
                for key, value in form.items()}
    if isinstance(form, list):
        return [map_protected(item, change) for item in form]
    return form


def protected_leaves(form: Any) -> list[tuple[str, str]]:
    """(key, value) of every protected leaf, in form order."""
    if isinstance(form, dict):
        return [leaf for key, value in form.items()
                for leaf in ([(key, value)] if key in PROTECTED and isinstance(value, str) else protected_leaves(value))]
    if isinstance(form, list):
        return [leaf for item in form for leaf in protected_leaves(item)]
    return []


def encrypt_form(form: dict, keys: Keys | None = None) -> dict:
    keys = keys or current_keys()
    return map_protected(form, lambda value: encrypt_value(value, keys))


def decrypt_form(form: dict, keys: Keys | None = None) -> dict:
    keys = keys or current_keys()
    return map_protected(form, lambda value: decrypt_value(value, keys))


def rotate_form(form: dict, keys: Keys) -> dict:
    return map_protected(form, lambda value: rotate_value(value, keys))


def digest(kind: str, value: str, secret: bytes) -> str:
    """HMAC-SHA256 of the normalised value under one lookup secret (the kind keeps ID and phone apart)."""
    message = f"{kind}:{NORMALISE[kind](value)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def form_digests(form: dict, keys: Keys | None = None) -> set[tuple[str, str]]:
    """(kind, digest) of every ID number and phone in a plain form, under the first lookup secret."""
    secret = (keys or current_keys()).lookup[0]
    return {(key, digest(key, value, secret)) for key, value in protected_leaves(form)
            if key in NORMALISE and NORMALISE[key](value)}


def search_digests(typed: str, keys: Keys | None = None) -> list[str]:
    """The digests a search box entry may match: as an ID number, as a phone, under every lookup secret."""
    kinds = []
    if _ID_SHAPE.fullmatch(normalise_id(typed)):
        kinds.append(ID_NUMBER)
    if _PHONE_TYPED.fullmatch(typed.strip()) and _MOBILE_SHAPE.fullmatch(normalise_phone(typed)):
        kinds.append(PHONE)
    lookup_secrets = (keys or current_keys()).lookup
    return [digest(kind, typed, secret) for kind in kinds for secret in lookup_secrets]
