"""Seal shops' API keys: shown once, stored only as a hash."""

import hashlib
import secrets

KEY_PREFIX = "ssk_"


def new_shop_key() -> str:
    """A fresh API key for a seal shop (printed once by `flask seal-shops add`)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_shop_key(key: str) -> str:
    """What the database keeps: a key of 256 random bits needs no salt or slow hash."""
    return hashlib.sha256(key.encode()).hexdigest()
