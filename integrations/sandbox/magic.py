"""Magic inputs: words in a trade name or address that make an agency misbehave on purpose.

They are matched anywhere in the text of a request (and, for requests that carry a credit
code, in the registered name and address), so one word in an application's trade name or
address reaches every agency that application touches. README.md lists them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from integrations.sandbox import store

# The word each agency answers to, as in 登记退回 / 登记超时.
AGENCY_WORDS = {
    "name_approval": "名称",
    "registration": "登记",
    "seal_carving": "刻章",
    "tax": "税务",
    "bank": "银行",
    "social_insurance": "社保",
    "housing_fund": "公积金",
    "courier": "邮寄",
    "identity": "核验",
    "sms": "短信",
}

# Name approval also refuses any name with 拒绝 in it, as if it were a forbidden word.
FORBIDDEN_WORD = "拒绝"
BUSY_WORD = "繁忙"  # the first BUSY_CALLS calls per key answer 503
BUSY_CALLS = 2
SLOW_WORD = "慢速"  # every call takes SANDBOX_MAGIC_SLOW_MS longer
RETURNED_SUFFIX = "退回"  # <agency word>退回: the agency refuses
TIMEOUT_SUFFIX = "超时"  # <agency word>超时: the first call per key outlasts the client's read timeout

RETURN_REASONS = {
    "name_approval": "名称登记机关退回：该名称与在先登记的商标近似，请更换字号后重新申报",
    "registration": "登记机关退回：住所证明材料与申报的住所不一致，请核对住所后重新提交",
    "seal_carving": "公安机关退回：印章备案信息与登记信息不一致，请核对企业名称后重新申请",
    "tax": "税务机关退回：生产经营地址无法核实，请核对地址后重新提交",
    "bank": "银行退回：法定代表人身份核验未通过，请法定代表人本人携带身份证到网点办理",
    "social_insurance": "社会保险经办机构退回：单位经营地址与登记住所不一致，请核对地址后重新申请社会保险登记",
    "housing_fund": "住房公积金管理中心退回：单位住所无法核实，请核对住所后重新申请单位开户",
    "courier": "快递公司退回：收件地址超出派送范围，请改为窗口领取或更换收件地址",
    "identity": "实名核验服务退回：身份信息暂时无法核验，请本人携带身份证到窗口办理",
    "sms": "短信网关退回：短信内容未通过审核",
}


@dataclass(frozen=True)
class Refusal:
    """A refusal the magic words call for."""

    code: str
    reason: str


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def request_text(conn: sqlite3.Connection, payload: Mapping[str, Any]) -> str:
    """Every string in a request, plus the registered name and address of its credit code."""
    parts = list(_strings(payload))
    uscc = payload.get("uscc")
    if isinstance(uscc, str):
        record = store.registration_by_uscc(conn, uscc)
        if record:
            parts += [record.get("full_name", ""), record.get("address", "")]
    return "\n".join(parts)


def refusal_for(agency: str, text: str) -> Refusal | None:
    """The refusal the text calls for at this agency, if any."""
    if AGENCY_WORDS[agency] + RETURNED_SUFFIX in text:
        return Refusal("returned", RETURN_REASONS[agency])
    return None


def forbidden_word_problem(trade_name: str) -> dict[str, str] | None:
    """The name approval problem the magic forbidden word calls for, if the trade name has it."""
    if FORBIDDEN_WORD not in trade_name:
        return None
    return {"code": "forbidden_word", "message": f"名称中不能使用“{FORBIDDEN_WORD}”，请换用其他字词"}


def times_out(agency: str, text: str, attempt: int) -> bool:
    """Whether this call (the attempt-th under its key) should outlast the client's timeout."""
    return attempt == 1 and AGENCY_WORDS[agency] + TIMEOUT_SUFFIX in text


def is_busy(text: str, attempt: int) -> bool:
    """Whether this call (the attempt-th under its key) should be answered 503."""
    return attempt <= BUSY_CALLS and BUSY_WORD in text


def is_slow(text: str) -> bool:
    """Whether every call for this text is slowed down."""
    return SLOW_WORD in text
