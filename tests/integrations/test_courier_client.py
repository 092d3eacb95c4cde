"""Courier over HTTP: waybill numbers, tracking, magic refusal."""

from __future__ import annotations

import re

import pytest

from integrations import Agencies, Refused

CENTRE = {"name": "竹溪县政务服务中心", "phone": "07192345678", "address": "湖北省十堰市竹溪县政务服务中心"}


def _booking(application_number: str, address: str = "湖北省十堰市竹溪县城关镇人民路1号") -> dict:
    return {"application_number": application_number, "sender": CENTRE,
            "recipient": {"name": "张三", "phone": "13800000000", "address": address},
            "contents": ["business_license", "seals"]}


def test_book_and_track(agencies: Agencies):
    answer = agencies.courier.book(_booking("KB1"), "courier-key")
    assert re.fullmatch(r"SF\d{12}", answer["waybill_number"])
    assert answer["booked_at"].endswith("+08:00")
    tracked = agencies.courier.track(answer["waybill_number"])
    assert tracked["status"] == "booked"
    assert tracked["events"][0]["status"] == "booked"


def test_waybills_are_distinct_and_keys_replay(agencies: Agencies, stats):
    waybills = {agencies.courier.book(_booking(f"KB{n}"), f"key-{n}")["waybill_number"] for n in range(5)}
    assert len(waybills) == 5
    assert agencies.courier.book(_booking("KB0"), "key-0")["waybill_number"] in waybills
    assert stats()["courier"] == {"effects": 5, "replays": 1, "duplicates_per_application": 0}


def test_unknown_waybill_is_404(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.courier.track("SF000000000000")
    assert (caught.value.status, caught.value.code) == (404, "not_found")


def test_magic_return_in_the_recipient_address(agencies: Agencies):
    with pytest.raises(Refused) as caught:
        agencies.courier.book(_booking("KB1", address="新疆某地邮寄退回"), "k")
    assert caught.value.code == "returned"
