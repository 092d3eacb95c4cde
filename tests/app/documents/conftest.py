"""Sample facts for the renderers, and a probe that reads their PDFs back."""

import pytest

from app.documents.model import BankNotice, LicenceFacts, TaxNotice, VoucherFacts
from tests import factories
from tests.support.pdf import PdfProbe, assert_fonts_embedded


@pytest.fixture
def probe(tmp_path) -> PdfProbe:
    return PdfProbe(tmp_path)


@pytest.fixture
def licence_facts() -> LicenceFacts:
    return factories.licence_facts()


@pytest.fixture
def voucher_facts() -> VoucherFacts:
    return factories.voucher_facts()


@pytest.fixture
def tax_notice() -> TaxNotice:
    return factories.tax_notice()


@pytest.fixture
def bank_notice() -> BankNotice:
    return factories.bank_notice()


@pytest.fixture
def parcel():
    """Builds parcel number n, with any field changed."""
    return factories.parcel_facts


@pytest.fixture
def fonts_embedded():
    return assert_fonts_embedded
