"""The sandbox registration agency files only what every party signed, and keeps who signed."""

from __future__ import annotations

import hashlib

import pytest

from integrations import Agencies, Refused
from tests.factories import registration_body

SHA = hashlib.sha256(b"the signed application form").hexdigest()
ZHANG = {"name": "张三", "roles": ["legal_representative", "shareholder"], "signed_at": "2026-05-12T09:30:00+08:00"}
LI = {"name": "李四", "roles": ["shareholder"], "signed_at": "2026-05-12T09:41:00+08:00", "witnessed_by": "王窗口"}


def body_for(reserve_name, **changes) -> dict:
    body = registration_body(reserve_name("云帆"))
    body["shareholders"] = [{"name": "张三", "id_number": "420324199001011235", "contribution_yuan": 600_000},
                            {"name": "李四", "id_number": "420324199202025676", "contribution_yuan": 400_000}]
    body |= {"signatories": [ZHANG, LI], "application_form_sha256": SHA}
    return body | changes


def refusal(agencies: Agencies, body: dict, key: str) -> Refused:
    with pytest.raises(Refused) as caught:
        agencies.registration.register(body, key)
    assert caught.value.status == 422 and caught.value.code == "not_signed", caught.value
    return caught.value


def test_signed_by_every_party_it_registers_and_the_record_names_them(agencies: Agencies, reserve_name):
    answer = agencies.registration.register(body_for(reserve_name), "signed-key")
    record = agencies.registration.registration(answer["uscc"])
    assert record["signatories"] == [ZHANG, LI]
    assert record["application_form_sha256"] == SHA


@pytest.mark.parametrize("changes, words", [
    ({"signatories": None}, "缺少签署人"),
    ({"signatories": []}, "缺少签署人"),
    ({"signatories": [ZHANG]}, "股东李四"),
    ({"signatories": [LI]}, "法定代表人张三"),
    ({"signatories": [ZHANG | {"roles": ["shareholder"]}, LI]}, "法定代表人张三"),
    ({"signatories": [ZHANG, LI | {"name": "李五"}]}, "股东李四"),
    ({"signatories": [ZHANG, LI | {"signed_at": None}]}, "签署时间"),
    ({"application_form_sha256": None}, "SHA-256"),
    ({"application_form_sha256": "abc"}, "SHA-256"),
])
def test_a_filing_not_signed_by_every_party_is_refused(agencies: Agencies, reserve_name, stats, changes, words):
    body = body_for(reserve_name, **changes)
    if changes.get("signatories") is None and "signatories" in changes:
        del body["signatories"]
    refused = refusal(agencies, body, "unsigned-" + hashlib.sha256(repr(changes).encode()).hexdigest()[:16])
    assert words in refused.reason, refused.reason
    assert stats()["registration"]["effects"] == 0  # no credit code issued
