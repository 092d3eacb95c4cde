"""The upload box's file: is it a PDF at all, is its signature ours, and which licence is it.

A file that is no PDF gets a message saying so (not "签章无效", which would send the person
looking for a tampered file). A licence whose signature is ours names the company it was issued
to, with its registry status now: the file only says what was true on the day it was signed; the
register says whether it still is.
"""

import re
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader

from app.eseals.authority import seal_ca
from app.eseals.checks import SealSignatureCheck, seal_signatures, signature_count
from app.eseals.standing import Standing, standing
from app.extensions import db
from app.issuance.queries import licence_holder
from app.issuance.signer import LicenceCheck, check_licence
from app.models import Application
from app.models.eseals import ElectronicSeal
from app.rules.uscc import CHARSET, is_valid_uscc
from app.verify.facts import register_facts

# ISO 32000-1 §7.5.2: a PDF starts with the header "%PDF-"; readers accept it within the first 1024 bytes.
PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024
# The licence prints its credit code under this label (app/documents/licence.py).
PRINTED_CODE = re.compile(rf"统一社会信用代码\s*([{CHARSET}]{{18}})")
# A licence carries one signature and a stamped contract a few; each check compares every later
# revision, so a file of dozens of signatures would hold a web worker for a minute.
MAX_SIGNATURES = 10
NOTHING_CHECKED = LicenceCheck(intact=False, valid=False, signer=None, signed_at=None, coverage=None, demo=False)


class UploadProblem:
    """Why a chosen file was not checked at all."""

    EMPTY = "empty"  # a file of 0 bytes
    NOT_PDF = "not_pdf"  # no PDF header: a photo, a Word file, an OFD
    TOO_MANY_SIGNATURES = "too_many_signatures"  # more than MAX_SIGNATURES: not checked online


@dataclass(frozen=True)
class UploadCheck:
    """What the upload box answers: the signature check, or why none ran, and whose licence it is."""

    check: LicenceCheck
    problem: str | None = None
    # The register's facts of the licence the file is (register_facts) when the signature is ours;
    # None otherwise, or when the register has no such licence.
    company: dict | None = None
    # The file's electronic-seal signatures (电子印章), each with the seal and company it names.
    eseals: tuple["SealFinding", ...] = ()

    @property
    def only_eseals(self) -> bool:
        """The file's signatures are all e-seal signatures: the e-seal section alone answers it."""
        return bool(self.eseals) and self.signatures == len(self.eseals)

    signatures: int = 0  # every signature in the file, ours or not


@dataclass(frozen=True)
class SealFinding:
    """One e-seal signature: the check, the seal on record whose certificate made it (None: none —
    a forged certificate is never named as a company's seal), its standing, and the company's
    register facts. Only a seal in force makes a valid signature."""

    check: SealSignatureCheck
    seal: ElectronicSeal | None = None
    company: dict | None = None
    standing: str | None = None  # app.eseals.standing.Standing

    @property
    def revoked(self) -> bool:
        return self.standing == Standing.REVOKED

    @property
    def not_in_force(self) -> bool:
        return self.standing == Standing.NOT_IN_FORCE

    @property
    def valid(self) -> bool:
        return self.check.valid and self.standing == Standing.VALID


def seal_findings(content: bytes) -> tuple[SealFinding, ...]:
    """Each electronic-seal signature in the file, with its seal and company from the records: the
    seal is looked up only for a signature that chains to our seal CA, and must be the very
    certificate that signed (serials are public)."""
    findings = []
    for check in seal_signatures(content, seal_ca().certificate):
        seal = db.session.scalar(db.select(ElectronicSeal).filter_by(serial=check.serial)) \
            if check.chained and check.serial else None
        if seal is None or seal.certificate != check.certificate:
            findings.append(SealFinding(check))
            continue
        holder = db.session.get(Application, seal.application_id)
        findings.append(SealFinding(check, seal, register_facts(holder), standing(seal, holder)))
    return tuple(findings)


def upload_problem(content: bytes, signatures: int = 0) -> str | None:
    """Why the file cannot be a licence before pyHanko is asked (None: it is a PDF, check it);
    `signatures` is how many the file carries (the caller counts them once)."""
    if not content:
        return UploadProblem.EMPTY
    if PDF_HEADER not in content[:HEADER_WINDOW]:
        return UploadProblem.NOT_PDF
    if signatures > MAX_SIGNATURES:
        return UploadProblem.TOO_MANY_SIGNATURES
    return None


def printed_credit_code(pdf: bytes) -> str | None:
    """The credit code printed on the licence's first page. Read only from a file whose signature is
    ours: pyHanko's validity includes its check that nothing after the signature changed the pages
    (DocMDP), so the text is the text we signed."""
    try:
        text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    except Exception:  # a damaged page names no licence; the signature check has said what it found
        return None
    found = PRINTED_CODE.search(text or "")
    return found.group(1) if found and is_valid_uscc(found.group(1)) else None


def check_upload(content: bytes) -> UploadCheck:
    """Check an uploaded file: its problem if it is no PDF, else the signature and, when the
    signature is ours, the company in the register."""
    count = signature_count(content) if content[:HEADER_WINDOW].find(PDF_HEADER) >= 0 else 0
    problem = upload_problem(content, count)
    if problem:
        return UploadCheck(NOTHING_CHECKED, problem)
    check, eseals = check_licence(content), seal_findings(content)
    if not check.valid:
        return UploadCheck(check, eseals=eseals, signatures=count)
    code = printed_credit_code(content)
    holder = licence_holder(code) if code else None
    return UploadCheck(check, company=register_facts(holder) if holder else None, eseals=eseals, signatures=count)
