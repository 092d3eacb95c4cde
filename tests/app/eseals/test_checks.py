"""The pure check of e-seal signatures: intact, chained to the seal CA, nothing changed after."""

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from app.documents.signatures.authority import demo_party_ca
from app.eseals.authority import SEAL, seal_ca
from app.eseals.checks import seal_signatures
from app.eseals.issue import seals_of
from tests.app.eseals.sealed_pdfs import contract_pdf, sealed_pdf
from tests.app.eseals.test_issue import issued
from tests.support.pdf import tamper


def test_a_sealed_pdf_checks_valid_and_names_the_seal(app):
    with app.app_context():
        application = issued(app)
        seal = seals_of(application)[0]
        [check] = seal_signatures(sealed_pdf(seal), seal_ca().certificate)
        assert check.valid and check.intact and check.chained and check.unchanged_after
        assert check.serial == seal.serial
        assert check.company == application.company_name and application.company_name in check.seal_name
        assert check.coverage == "ENTIRE_FILE"


def test_a_tampered_pdf_is_not_valid(app):
    with app.app_context():
        seal = seals_of(issued(app))[0]
        [check] = seal_signatures(tamper(sealed_pdf(seal)), seal_ca().certificate)
        assert not check.valid and not check.intact


def test_a_page_added_after_the_seal_is_not_valid(app):
    with app.app_context():
        seal = seals_of(issued(app))[0]
        writer = IncrementalPdfFileWriter(BytesIO(sealed_pdf(seal)), strict=False)
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        page["/Contents"] = writer.add_object(page["/Contents"].get_object())
        writer.update_container(page)
        out = BytesIO()
        writer.write(out)
        [check] = seal_signatures(out.getvalue(), seal_ca().certificate)
        assert check.intact and not check.unchanged_after and not check.valid


def test_a_seal_checked_against_another_seal_ca_of_the_same_name_does_not_chain(app, tmp_path):
    with app.app_context():
        seal = seals_of(issued(app))[0]
        stranger = demo_party_ca(tmp_path / "elsewhere", profile=SEAL)
        [check] = seal_signatures(sealed_pdf(seal), stranger.certificate)
        assert check.intact and not check.chained and not check.valid


def test_an_unsigned_or_broken_file_has_no_seal_signature(app):
    with app.app_context():
        assert seal_signatures(contract_pdf(), seal_ca().certificate) == []
        assert seal_signatures(b"%PDF-1.4 nonsense", seal_ca().certificate) == []
