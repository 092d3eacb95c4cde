"""What every agency client shares: one pooled HTTP session, the error split, the base client.

The client never retries: a transient failure raises ``Retryable`` and the caller (a Celery
task) decides when to try again with the same ``Idempotency-Key``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

# Sized for ~64 worker threads talking to the same few agency hosts at once.
POOL_CONNECTIONS = 16
POOL_MAXSIZE = 64

DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 10.0)

_session: requests.Session | None = None
_session_pid: int | None = None
_session_lock = threading.Lock()


def shared_session() -> requests.Session:
    """The process's one pooled session (a forked worker builds its own, never sharing sockets)."""
    global _session, _session_pid
    pid = os.getpid()
    if _session is None or _session_pid != pid:
        with _session_lock:
            if _session is None or _session_pid != pid:
                session = requests.Session()
                # max_retries=0: retrying is the caller's decision, never urllib3's.
                adapter = HTTPAdapter(pool_connections=POOL_CONNECTIONS, pool_maxsize=POOL_MAXSIZE, max_retries=0)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                session.headers["Accept"] = "application/json"
                _session, _session_pid = session, pid
    return _session


class AgencyError(Exception):
    """Anything that went wrong talking to an agency."""


class Retryable(AgencyError):
    """A transient failure (timeout, connection error, 5xx, 429): try again later, same key."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class Refused(AgencyError):
    """The agency answered 4xx with a reason: a person has to act, retrying will not help."""

    def __init__(self, code: str, reason: str, status: int, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code}: {reason}")
        self.code = code
        self.reason = reason  # plain Chinese, as the agency sent it
        self.status = status
        self.details: dict[str, Any] = dict(details or {})


def _retry_after(response: requests.Response) -> float | None:
    # Agencies send seconds; an HTTP-date is rare enough to treat as "no hint".
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


class AgencyClient:
    """HTTP client for one agency: JSON in, JSON out, errors split into Retryable and Refused."""

    def __init__(
        self,
        base_url: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session

    @property
    def session(self) -> requests.Session:
        return self._session or shared_session()

    def post(self, path: str, body: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        """POST a JSON body under an idempotency key; the agency's JSON answer."""
        if not idempotency_key:
            raise ValueError("every agency POST needs an idempotency key")
        return self._send("POST", path, json=dict(body), headers={"Idempotency-Key": idempotency_key})

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET with query parameters; the agency's JSON answer."""
        return self._send("GET", path, params=dict(params or {}))

    def _send(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        url = self.base_url + path
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise Retryable(f"{method} {url}: timed out ({exc.__class__.__name__})") from exc
        except requests.ConnectionError as exc:
            raise Retryable(f"{method} {url}: connection failed") from exc
        status = response.status_code
        payload = _json_or_none(response)
        if status == 429 or status >= 500:
            message = payload.get("error") if isinstance(payload, dict) else None
            raise Retryable(
                f"{method} {url}: {status} {message or response.reason}",
                status=status,
                retry_after=_retry_after(response),
            )
        if status >= 400:
            details = payload if isinstance(payload, dict) else {}
            code = str(details.get("code") or f"http_{status}")
            reason = str(details.get("reason") or details.get("error") or response.text[:500] or response.reason)
            raise Refused(code, reason, status, details)
        if not isinstance(payload, dict):
            # A 2xx that is not our JSON is usually a gateway page; the next try may be fine.
            raise Retryable(f"{method} {url}: {status} answer is not a JSON object", status=status)
        return payload
