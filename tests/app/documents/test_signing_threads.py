"""Threads that sign at once share a signer (a worker's licences, a web process's parties): none
of their signatures may come out broken."""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.documents.signatures import PartyIdentity, demo_party_ca, sign_as_party, verify_party_signatures
from app.documents.signing import demo_signer, sign_pdf, verify_pdf
from tests.app.documents.test_party_signing import application_form

SIGNATURES, THREADS = 160, 8


@pytest.fixture
def eager_switching():
    """Threads switch every microsecond instead of every 5 ms, so that sharing shows up in a short run
    (before signers were kept per thread, 3 party signatures in 200 failed this way)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def in_threads(work) -> list:
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(work, range(SIGNATURES)))


def test_parties_signing_at_once_each_get_a_sound_signature(tmp_path, eager_switching):
    ca, form = demo_party_ca(tmp_path), application_form()
    party = PartyIdentity("张三", "0" * 64, "202612020000000001")
    signed = in_threads(lambda index: sign_as_party(form, party, ca, "签署申请书", "竹溪县", f"签署人{index} 张三"))
    sys.setswitchinterval(0.005)
    for pdf in signed[:: SIGNATURES // 8]:
        (check,) = verify_party_signatures(pdf, ca.certificate)
        assert check.valid and check.timestamped


def test_licences_signed_at_once_with_one_key_are_each_sound(tmp_path, eager_switching):
    signer, form = demo_signer(tmp_path), application_form()
    signed = in_threads(lambda index: sign_pdf(form, signer))
    sys.setswitchinterval(0.005)
    for pdf in signed[:: SIGNATURES // 8]:
        assert verify_pdf(pdf, [signer.certificate]).valid
