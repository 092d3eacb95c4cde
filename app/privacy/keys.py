"""The keys of personal data: Fernet keys that encrypt it, secrets that key its search hashes.

`PERSONAL_DATA_KEYS` is a comma-separated list of Fernet keys: the first encrypts, every one
decrypts (MultiFernet). A new key goes in front; the old one stays until `flask keys rotate`
has re-encrypted every value, then it may go.

`LOOKUP_KEY` keys the HMAC-SHA256 digests the clerk's exact search finds applications by.
During a change it is "new,old": new digests use the first, a search tries every one, and
`flask keys rotate --lookup-key` recomputes the digests from the decrypted values under the
first — the old secret is needed only so that searches keep finding while that runs.

Without settings (the embedded default) each is made once under instance/, readable by the
owner only, like the demonstration signing key.
"""

import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

PERSONAL_DATA_KEY_FILE = "personal-data.key"
LOOKUP_KEY_FILE = "lookup.key"
LOOKUP_KEY_MIN_LENGTH = 32


class KeySettingError(ValueError):
    """A key setting that cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Keys:
    fernet: MultiFernet  # encrypts with the first key, decrypts with any
    primary: Fernet  # the first key alone: a value it opens needs no rotation
    lookup: tuple[bytes, ...]  # the first keys new digests; searches try all


_keys: dict[tuple[str, str, str], Keys] = {}
_lock = threading.Lock()


def current_keys() -> Keys:
    """The keys for the current app's settings, parsed once per process."""
    config = current_app.config
    settings = (config.get("PERSONAL_DATA_KEYS", ""), config.get("LOOKUP_KEY", ""), config["INSTANCE_PATH"])
    keys = _keys.get(settings)
    if keys is None:
        with _lock:
            keys = _keys.get(settings)
            if keys is None:
                keys = _keys[settings] = load_keys(*settings)
    return keys


def load_keys(personal_data_keys: str, lookup_key: str, instance_dir: str) -> Keys:
    """Parse the settings; an empty one falls back to a secret made once under `instance_dir`."""
    fernet_keys = _split(personal_data_keys) or [instance_secret(instance_dir, PERSONAL_DATA_KEY_FILE,
                                                                 Fernet.generate_key)]
    try:
        fernets = [Fernet(key) for key in fernet_keys]
    except ValueError as error:
        raise KeySettingError(f"PERSONAL_DATA_KEYS (or {PERSONAL_DATA_KEY_FILE} under instance/ when it is "
                              "empty): every key must be a Fernet key (32 url-safe base64-encoded bytes, "
                              "e.g. from Fernet.generate_key())") from error
    lookup = _split(lookup_key) or [instance_secret(instance_dir, LOOKUP_KEY_FILE,
                                                    lambda: secrets.token_urlsafe(32).encode())]
    if any(len(secret) < LOOKUP_KEY_MIN_LENGTH for secret in lookup):
        raise KeySettingError(f"LOOKUP_KEY: every secret must be at least {LOOKUP_KEY_MIN_LENGTH} characters")
    return Keys(MultiFernet(fernets), fernets[0], tuple(lookup))


def _split(setting: str) -> list[bytes]:
    return [part.strip().encode() for part in (setting or "").split(",") if part.strip()]


def instance_secret(instance_dir: str, name: str, make) -> bytes:
    """The secret kept in `instance_dir/name`, made first if absent (mode 0600).

    Two processes starting together both end up with the first one written: the file is
    linked into place only if it does not exist yet, never replaced.
    """
    path = Path(instance_dir) / name
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{secrets.token_hex(8)}")
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(make())
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    return path.read_bytes().strip()
