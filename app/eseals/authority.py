"""The service's seal CA (企业开办210 电子印章CA): it issues each company's electronic seals.

The same machinery as the parties' signing CA (app/documents/signatures/authority.py), under its own
name, demonstration file and settings: SEAL_CA_KEY_PATH, SEAL_CA_CERT_PATH, SEAL_CA_KEY_PASSPHRASE.
Production refuses to start without a real one (app/web/production.py); a demonstration
configuration makes one once under instance/.
"""

from collections.abc import Mapping

from flask import current_app

from app.documents.signatures.authority import CAProfile, PartyCA, party_ca

SEAL_CA_NAME = "企业开办210 电子印章CA"
DEMO_SEAL_CA_FILE = "demo-seal-ca.pem"
NO_SEAL_CA = ("SEAL_CA_KEY_PATH and SEAL_CA_CERT_PATH are not set: electronic seals are issued only by the "
              "service's real seal CA, or in a demonstration configuration by a demonstration CA")
SEAL = CAProfile(SEAL_CA_NAME, DEMO_SEAL_CA_FILE, "SEAL_CA", NO_SEAL_CA)


def seal_ca_for(config: Mapping, *, demonstration: bool | None = None) -> PartyCA:
    """The seal CA for these settings: the configured files, else (demonstration only) the demo CA."""
    demo = config.get("DEMONSTRATION") if demonstration is None else demonstration
    instance_dir = config.get("INSTANCE_PATH") if demo else None
    return party_ca(config.get("SEAL_CA_KEY_PATH") or "", config.get("SEAL_CA_CERT_PATH") or "",
                    passphrase=config.get("SEAL_CA_KEY_PASSPHRASE") or None, instance_dir=instance_dir,
                    profile=SEAL)


def seal_ca() -> PartyCA:
    """The seal CA of the current app: .certificate (trust root), .registry, .timestamper, .issue(...)."""
    return seal_ca_for(current_app.config)
