"""Threads that sign at once share a signer (a worker's licences, a web process's parties): none
of their signatures may come out broken."""

import sys
import threading
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
    for pdf in signed:
        (check,) = verify_party_signatures(pdf, ca.certificate)
        assert check.valid and check.timestamped


def test_licences_signed_at_once_with_one_key_are_each_sound(tmp_path, eager_switching):
    signer, form = demo_signer(tmp_path), application_form()
    signed = in_threads(lambda index: sign_pdf(form, signer))
    sys.setswitchinterval(0.005)
    for pdf in signed:
        assert verify_pdf(pdf, [signer.certificate]).valid


def test_no_two_threads_hold_the_same_signer_or_certificate(tmp_path):
    """The rule itself, whatever the timing: each thread's signers, stores and certificates are its own."""
    licence, ca = demo_signer(tmp_path / "licence"), demo_party_ca(tmp_path / "party")

    def held(_):
        tsa = ca.timestamper.tsa_signer
        return (licence.pyhanko_signer, licence.pyhanko_signer.signing_cert, tsa, tsa.signing_cert, ca.registry,
                *ca.registry, *licence.pyhanko_signer.cert_registry)

    with ThreadPoolExecutor(4) as pool:
        barrier = threading.Barrier(4)
        per_thread = list(pool.map(lambda index: (barrier.wait(), held(index))[1], range(4)))
    objects = [id(thing) for things in per_thread for thing in things]
    assert len(objects) == len(set(objects))
    assert all(held_again is held_first for held_again, held_first in zip(held(0), held(0), strict=True))
