"""Whether an electronic seal is in force (有效): its own revocation, and its company's.

A seal stands with the licence it was issued with: it is in force only once the application is
issued (ready for issue or handed over), and falls with the licence (吊销) or the seal's own
revocation. A seal of an application that never got its licence (不予受理, withdrawn) is not in
force, though its key was made at the seal step. Pure: the caller passes the rows.
"""

from app.models import Application, ApplicationStatus
from app.models.eseals import ElectronicSeal


class Standing:
    VALID = "valid"
    REVOKED = "revoked"  # the seal revoked, or the company's licence
    NOT_IN_FORCE = "not_in_force"  # no licence issued with it (yet, or ever)


def standing(seal: ElectronicSeal, application: Application) -> str:
    if seal.is_revoked or application.revoked_at is not None:
        return Standing.REVOKED
    if application.status not in ApplicationStatus.DONE_APPLYING:
        return Standing.NOT_IN_FORCE
    return Standing.VALID
