"""现场见证 (帮代办): a party's signature made at the window, witnessed by the clerk.

The clerk checks the ID card original in person; the identity check and the SMS code are the
same as through the link (app.signing.operations, `witness=`). What differs is recorded: the
clerk on the signature row, the clerk in the audit trail, and the clerk in the PDF signature's
reason ("签署企业登记申请书（现场见证：窗口 王窗口）"), which every PDF reader shows beside it.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from app.models import Application, Signature, User
from app.signing.documents import sign_filing_documents


def witness_words(name: str) -> str:
    """"现场见证：窗口 王窗口": the witness as the signature and the audit trail name them (Chinese)."""
    with force_locale("zh"):
        return _("现场见证：窗口 %(name)s", name=name)


def mark_checked_in_person(signature: Signature, witness: User) -> None:
    """The clerk checked the ID card original: the signature that follows is theirs to witness."""
    signature.witnessed_by_user_id, signature.witnessed_by = witness.id, witness.display_name[:64]
    signature.witnessed_at = None


def clear_witness(signature: Signature) -> None:
    """An identity check or signature through the party's own link: nobody witnesses it."""
    signature.witnessed_by_user_id = signature.witnessed_by = signature.witnessed_at = None


def checked_by(signature: Signature, witness: User) -> bool:
    return signature.witnessed_by_user_id is not None and signature.witnessed_by_user_id == witness.id


def sign_witnessed(application: Application, signature: Signature) -> list[str]:
    """The party's signature on each filing document, its reason naming the witness (application locked)."""
    return sign_filing_documents(application, signature, witness_words(signature.witnessed_by or ""))
