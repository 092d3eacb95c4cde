"""The audit trail and status notes in words: every action the code records has a label, and the
stored codes ("party:2", "online", "tax_registration: …") read as words."""

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.audit.queries import AuditLine
from app.clerk.words import actor_in_words, audit_rows, note_in_words
from app.vocabulary import AUDIT_ACTION_LABELS

APP = Path(__file__).resolve().parents[3] / "app"
# Where each recording function takes the action (app.audit.operations.record_event, applications.operations
# record / change_status, pipeline.runner.flag_for_review, review.operations._resume_if_unstuck).
ACTION_ARGUMENT = {"record_event": 0, "record": 2, "change_status": 3, "flag_for_review": 1, "_resume_if_unstuck": 2}


def recorded_actions() -> set[str]:
    """Every action string the code passes to a recording function, literally or through a module constant."""
    actions = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id: node.value.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    for alias in node.names}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name not in ACTION_ARGUMENT or len(call.args) <= ACTION_ARGUMENT[name]:
                continue
            argument = call.args[ACTION_ARGUMENT[name]]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                actions.add(argument.value)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                actions.add(constants[argument.id])
            elif isinstance(argument, ast.Name) and argument.id in imported:
                actions.add(imported_constant(argument.id))
    return actions


def imported_constant(name: str) -> str:
    """A constant another module defines (SIGNED_FOR in app.shipping.queries): found by its assignment."""
    for path in APP.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets) \
                    and isinstance(node.value, ast.Constant):
                return node.value.value
    raise AssertionError(f"{name} is not a module constant anywhere in app/")


def test_every_recorded_action_has_words():
    actions = recorded_actions()
    assert {"submitted", "agency_refused", "party_signed", "delivery_signed_for"} <= actions  # the scan sees them
    assert actions - set(AUDIT_ACTION_LABELS) == set()
    assert {"review_approved", "step_retried"} <= set(AUDIT_ACTION_LABELS)  # chosen at run time by the retry view


@pytest.mark.parametrize(("note", "words"), [
    ("tax_registration: 税务机关退回：地址无法核实", "税务登记与发票申领：税务机关退回：地址无法核实"),
    ("registration: 名称不符", "设立登记：名称不符"),
    ("unknown_step: 原样", "unknown_step: 原样"),
    ("经营范围属于禁止类", "经营范围属于禁止类"),
    (None, ""),
])
def test_a_note_names_its_step_in_words(note, words, ctx):
    assert note_in_words(note) == words


@pytest.mark.parametrize(("who", "words"), [
    ("applicant", "申请人"), ("system", "系统自动"), ("party:2", "签署人 李四"), ("seal_shop:3", "刻章店 3"),
    ("cli:root", "管理员（命令行） root"), ("王窗口", "王窗口"),
])
def test_who_acted_in_words(who, words, ctx):
    assert actor_in_words(who, {1: "张三", 2: "李四"}) == words


def test_an_audit_line_in_words(ctx):
    at = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    lines = [AuditLine(at, "applicant", "submitted", None, "awaiting_signatures", "window"),
             AuditLine(at, "王窗口", "party_verified", "awaiting_signatures", "awaiting_signatures", "1（已现场核验身份证原件，王窗口）"),
             AuditLine(at, "party:1", "party_signed", "awaiting_signatures", "awaiting_signatures", "1"),
             AuditLine(at, "system", "signing_reminded", "awaiting_signatures", "awaiting_signatures", "1"),
             AuditLine(at, "system", "agency_refused", "processing", "needs_review", "bank_account: 银行退回"),
             AuditLine(at, "clerk1", "document_downloaded", "ready_for_issue", "ready_for_issue", "business_license")]
    rows = audit_rows(lines, {1: "张三"})
    assert [(r.who, r.action_label, r.change, r.note) for r in rows] == [
        ("申请人", "提交申请", "→ 待签名", "窗口帮代办"),
        ("王窗口", "签署人实名核验通过", "待签名", "张三（已现场核验身份证原件，王窗口）"),
        ("签署人 张三", "签署人已签署", "待签名", ""),
        ("系统自动", "提醒签署", "待签名", "张三"),
        ("系统自动", "部门退回，转窗口审核", "办理中 → 待窗口审核", "银行开户：银行退回"),
        ("clerk1", "下载证照文件", "待发放", "电子营业执照"),
    ]
    assert rows[0].action == "submitted"  # the code stays, for the row's data attribute only
