"""How every agency endpoint answers: latency and faults first, then the idempotent effect.

A POST runs its handler at most once per Idempotency-Key: the handler's answer (success or
refusal) is stored in the same transaction as its effect, and a repeated key gets the stored
answer back without touching anything else.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, jsonify, request

from integrations.sandbox import magic, store
from integrations.sandbox.settings import SandboxSettings, latency_ms


@dataclass(frozen=True)
class Answer:
    """What a handler decided: the HTTP answer and, if state changed, for which application."""

    status: int
    body: dict[str, Any]
    effect_for: str | None = None  # application number whose state changed
    reference: str = ""


class BadRequest(Exception):
    """The request itself is malformed (400); never stored under its key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


Handler = Callable[[sqlite3.Connection, dict[str, Any], str], Answer]


@dataclass
class Sandbox:
    """Per-app state: where the database lives and the settings in force."""

    db_path: str
    settings: SandboxSettings


def sandbox() -> Sandbox:
    """The sandbox of the current app."""
    return current_app.extensions["sandbox"]


def refused(code: str, reason: str, **extra: Any) -> Answer:
    """A 422 refusal with a reason in plain Chinese."""
    return Answer(422, {"code": code, "reason": reason, **extra})


def not_found(reason: str) -> Response:
    """A 404 a client reads as a refusal: {code: not_found, reason}."""
    return _json_answer(404, {"code": "not_found", "reason": reason})


def require(body: Mapping[str, Any], *fields: str) -> None:
    """Raise BadRequest naming every required field that is missing or empty."""
    missing = [field for field in fields if body.get(field) in (None, "", [], {})]
    if missing:
        raise BadRequest("请求缺少必填字段：" + "、".join(missing))


def _json_answer(status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _bad_request(reason: str) -> Response:
    return _json_answer(400, {"code": "bad_request", "reason": reason, "error": reason})


def _sleep_ms(milliseconds: float) -> None:
    if milliseconds > 0:
        time.sleep(milliseconds / 1000)


def _injected_fault(agency: str, settings: Mapping[str, Any]) -> Response | None:
    """Configured latency, then maybe a random 503, 429, slow answer or timeout."""
    _sleep_ms(latency_ms(settings, agency))
    if random.random() < settings["SANDBOX_SLOW_RATE"]:
        _sleep_ms(settings["SANDBOX_SLOW_MS"])
    if random.random() < settings["SANDBOX_ERROR_RATE"]:
        return _json_answer(503, {"error": "service unavailable (injected)"})
    if random.random() < settings["SANDBOX_THROTTLE_RATE"]:
        retry_after = str(settings["SANDBOX_RETRY_AFTER_SECONDS"])
        return _json_answer(429, {"error": "too many requests (injected)"}, {"Retry-After": retry_after})
    if random.random() < settings["SANDBOX_TIMEOUT_RATE"]:
        time.sleep(settings["SANDBOX_TIMEOUT_SECONDS"])
    return None


def answer_get(agency: str, respond: Callable[[sqlite3.Connection, str], Response]) -> Response:
    """Answer a GET after injected faults; respond gets a read connection and the request text."""
    state = sandbox()
    settings = state.settings.snapshot()
    fault = _injected_fault(agency, settings)
    if fault is not None:
        return fault
    with store.reading(state.db_path) as conn:
        text = magic.request_text(conn, request.args.to_dict())
        if magic.is_slow(text):
            _sleep_ms(settings["SANDBOX_MAGIC_SLOW_MS"])
        return respond(conn, text)


def answer_record(agency: str, find: Callable[[sqlite3.Connection], Mapping[str, Any] | None],
                  missing: str) -> Response:
    """Answer a GET of one record: `find` it on a read connection, 404 with `missing` if it is not there."""

    def respond(conn: sqlite3.Connection, text: str) -> Response:
        record = find(conn)
        return not_found(missing) if record is None else jsonify(dict(record))

    return answer_get(agency, respond)


def answer_post(agency: str, handler: Handler) -> Response:
    """Answer a POST: faults, magic words, then the handler at most once per Idempotency-Key."""
    state = sandbox()
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return _bad_request("缺少 Idempotency-Key 请求头")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _bad_request("请求体必须是 JSON 对象")

    settings = state.settings.snapshot()
    attempt = store.count_attempt(state.db_path, agency, key)
    fault = _injected_fault(agency, settings)
    if fault is not None:
        return fault
    with store.reading(state.db_path) as conn:
        text = magic.request_text(conn, body)
    if magic.is_busy(text, attempt):
        return _json_answer(503, {"error": f"system busy (magic word {magic.BUSY_WORD}, call {attempt})"})
    if magic.is_slow(text):
        _sleep_ms(settings["SANDBOX_MAGIC_SLOW_MS"])
    if magic.times_out(agency, text, attempt):
        # Like a real agency that finishes the work after the caller gave up: the answer is
        # stored, and the caller's retry with the same key gets it.
        time.sleep(settings["SANDBOX_TIMEOUT_SECONDS"])

    try:
        with store.transaction(state.db_path) as conn:
            stored = store.stored_answer(conn, agency, key)
            if stored is not None:
                status, stored_body = stored
                return _json_answer(status, stored_body, {"Idempotent-Replayed": "true"})
            refusal = magic.refusal_for(agency, text)
            answer = refused(refusal.code, refusal.reason) if refusal else handler(conn, body, key)
            store.store_answer(conn, agency, key, answer.status, answer.body)
            if answer.effect_for is not None:
                store.record_effect(conn, agency, answer.effect_for, key, answer.reference)
    except BadRequest as exc:
        return _bad_request(exc.reason)
    return _json_answer(answer.status, answer.body)
