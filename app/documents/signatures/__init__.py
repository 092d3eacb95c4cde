"""Each party's PAdES signature on the filing documents (申请书, 章程), with an event certificate.

The service's party CA (authority.py) issues every verified signer a one-hour certificate for a
fresh key (event.py); the key signs the PDF once, in an incremental update with a new signature
field (party.py), time-stamped by the service; verify_party_signatures (checks.py) checks every
signature on a document. Pure: no Flask request, no database.
"""

from app.documents.signatures.authority import (
    DEMO_CA_FILE,
    PartyCA,
    demo_party_ca,
    load_party_ca,
    party_ca,
)
from app.documents.signatures.checks import PartySignatureCheck, verify_party_signatures
from app.documents.signatures.event import EVENT_CERTIFICATE_LIFETIME, PartyIdentity, issue_event_certificate
from app.documents.signatures.party import party_field_name, sign_as_party

__all__ = [
    "DEMO_CA_FILE",
    "EVENT_CERTIFICATE_LIFETIME",
    "PartyCA",
    "PartyIdentity",
    "PartySignatureCheck",
    "demo_party_ca",
    "issue_event_certificate",
    "load_party_ca",
    "party_ca",
    "party_field_name",
    "sign_as_party",
    "verify_party_signatures",
]
