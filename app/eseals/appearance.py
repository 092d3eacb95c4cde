"""A seal's impression (印模), the visible stamp of its signatures: drawn the first time it is needed.

Drawn as for the voucher (seals.impression) from the company's name, the seal's code on the voucher,
the legal representative and the credit code. Drawing one at print resolution costs a few hundred
milliseconds of CPU, several times what the rest of an application's pipeline costs, so the seal
step issues the key and the certificate only and the impression is drawn — and kept on the seal's
row — when the tracking page first shows it or the seal first stamps. No commit.
"""

from app.extensions import db
from app.issuance.facts import voucher_facts
from app.issuance.queries import voucher_of
from app.models import Application
from app.models.eseals import ElectronicSeal
from seals.impression import impression_png


def impression_of(seal: ElectronicSeal) -> bytes:
    """The seal's impression as a transparent PNG (300 dpi), drawn and kept on first use."""
    if seal.impression:
        return seal.impression
    application = db.session.get(Application, seal.application_id)
    facts = voucher_facts(application, voucher_of(application))
    code = next(grant.code for grant in facts.seals if grant.kind == seal.kind)
    seal.impression = impression_png(seal.kind, application.company_name, code,
                                     person_name=facts.legal_representative, taxpayer_id=application.uscc,
                                     joint_stock=facts.joint_stock)
    db.session.flush()
    return seal.impression
