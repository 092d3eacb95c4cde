"""What production refuses to start without, and how the embedded default says it is a demonstration.

`enforce` runs inside `create_app`, so gunicorn, the Celery workers and every `flask` command
refuse alike: one exception lists every setting that is missing or weak, by name.
"""

import logging
import math
from collections import Counter
from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import Flask

from app.documents.signatures import party_ca
from app.documents.signatures.authority import NO_CA
from app.eseals.authority import NO_SEAL_CA, seal_ca_for
from app.issuance.signer import production_refusal
from config import DEMONSTRATION_SECRET_KEY, Testing

log = logging.getLogger(__name__)

SECRET_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_BITS_PER_CHARACTER = 2.5  # a random hex key has about 3.6 (3.0 refused 1 in 8,000), base64 about 5
KEY_HINT = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
# Settings the personal-data encryption reads, and what each is for.
PERSONAL_DATA_SETTINGS = {
    "PERSONAL_DATA_KEYS": "the keys ID numbers and phones are encrypted with at rest",
    "LOOKUP_KEY": "the key of the hash beside them that finds an application by exact ID number or phone",
}


class InsecureSettings(RuntimeError):
    """Production settings that must be fixed before the service may start."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"Production refuses to start (KAIBAN_CONFIG=production) until these settings are fixed:\n{listed}")


def bits_per_character(text: str) -> float:
    """Shannon entropy of the text's characters: low for repeated or few distinct characters."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def secret_key_problem(key: str | None) -> str | None:
    """Why SECRET_KEY cannot guard sessions and applicants' tokens (None when it can)."""
    if not key:
        return f"SECRET_KEY is not set ({KEY_HINT})"
    if key == DEMONSTRATION_SECRET_KEY:
        return f"SECRET_KEY is the public demonstration default ({KEY_HINT})"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"SECRET_KEY is too short: {len(key)} characters, at least {SECRET_KEY_MIN_LENGTH} ({KEY_HINT})"
    repeats = key in (key + key)[1:-1]  # the key is a shorter string over and over
    if repeats or bits_per_character(key) < SECRET_KEY_MIN_BITS_PER_CHARACTER:
        return f"SECRET_KEY is too predictable (repeated or too few distinct characters) ({KEY_HINT})"
    return None


def rate_limit_problem(config: Mapping) -> str | None:
    """Limits kept in one process's memory are not limits once there are several processes."""
    if not config.get("RATELIMIT_ENABLED"):
        return "RATELIMIT_ENABLED is off: production limits sign-in, submissions and uploads"
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if storage.startswith("memory://"):
        return ("RATELIMIT_STORAGE_URI is memory:// (each process counts alone): set a store every web process "
                "shares, e.g. redis://redis:6379/1")
    return None


def unset(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not any(str(item).strip() for item in value)
    return not value


def public_url_problem(url: str) -> str | None:
    """Every SMS link and QR code carries this address: it must be https and not this machine."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname in (None, "localhost", "127.0.0.1", "::1"):
        return f"PUBLIC_BASE_URL must be the service's public https address (is {url or 'unset'!r})"
    return None


def party_ca_problem(config: Mapping) -> str | None:
    """Why these settings cannot sign for the parties (None when they can): the real CA, loadable,
    a CA, its own key, not expired — never the demonstration CA, wherever its file is."""
    key_path, cert_path = config.get("PARTY_CA_KEY_PATH") or "", config.get("PARTY_CA_CERT_PATH") or ""
    if not key_path and not cert_path:
        return NO_CA
    try:
        ca = party_ca(key_path, cert_path, passphrase=config.get("PARTY_CA_KEY_PASSPHRASE") or None)
    except Exception as error:  # whatever stops the CA loading is the reason to refuse
        return f"PARTY_CA_KEY_PATH / PARTY_CA_CERT_PATH: the parties' signing CA cannot be loaded ({error})"
    if ca.demo:
        return "PARTY_CA_KEY_PATH / PARTY_CA_CERT_PATH: this is the demonstration CA (演示), not the service's"
    return None


def seal_ca_problem(config: Mapping) -> str | None:
    """Why these settings cannot issue electronic seals (None when they can): as for the party CA."""
    if not config.get("SEAL_CA_KEY_PATH") and not config.get("SEAL_CA_CERT_PATH"):
        return NO_SEAL_CA
    try:
        ca = seal_ca_for(config, demonstration=False)
    except Exception as error:  # whatever stops the CA loading is the reason to refuse
        return f"SEAL_CA_KEY_PATH / SEAL_CA_CERT_PATH: the seal CA cannot be loaded ({error})"
    if ca.demo:
        return "SEAL_CA_KEY_PATH / SEAL_CA_CERT_PATH: this is the demonstration seal CA (演示), not the service's"
    return None


def problems(config: Mapping) -> list[str]:
    """Every reason these settings are not fit for production, one line each, naming the setting."""
    found = [secret_key_problem(config.get("SECRET_KEY")), rate_limit_problem(config)]
    for name, purpose in PERSONAL_DATA_SETTINGS.items():
        if unset(config.get(name)):
            found.append(f"{name} is not set ({purpose})")
        elif config.get(name) == getattr(Testing, name, None):
            found.append(f"{name} is the public key of the tests ({purpose})")
    found.append(production_refusal(config))
    found.append(party_ca_problem(config))
    found.append(seal_ca_problem(config))
    found.append(public_url_problem(config.get("PUBLIC_BASE_URL") or ""))
    return [problem for problem in found if problem]


def enforce(app: Flask) -> None:
    """Refuse weak production settings; on the embedded default, say once that it is a demonstration."""
    if app.config["DEMONSTRATION"]:
        log.warning("DEMONSTRATION settings: data and signatures are for testing only (public default key "
                    "unless SECRET_KEY is set, demonstration signing key, per-process rate limits). "
                    "Real applicants need KAIBAN_CONFIG=production; see README, Security.")
        return
    found = problems(app.config)
    if found:
        raise InsecureSettings(found)
