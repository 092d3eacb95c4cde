"""Latency and fault-injection settings of the sandbox, changeable while it runs."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

from integrations import SANDBOX_PATHS

AGENCIES = tuple(SANDBOX_PATHS)

# name → default; the type of the default is the type of the setting.
DEFAULTS: dict[str, Any] = {
    "SANDBOX_LATENCY_MS": 0,  # every request to every agency
    "SANDBOX_ERROR_RATE": 0.0,  # fraction answered 503
    "SANDBOX_THROTTLE_RATE": 0.0,  # fraction answered 429 with Retry-After
    "SANDBOX_RETRY_AFTER_SECONDS": 1,
    "SANDBOX_TIMEOUT_RATE": 0.0,  # fraction that sleep SANDBOX_TIMEOUT_SECONDS before answering
    "SANDBOX_TIMEOUT_SECONDS": 30.0,
    "SANDBOX_SLOW_RATE": 0.0,  # fraction that take SANDBOX_SLOW_MS longer
    "SANDBOX_SLOW_MS": 2000,
    "SANDBOX_MAGIC_SLOW_MS": 2000,  # what the 慢速 magic word adds
    # Whether the housing fund centre opens a unit account only with the unit's basic deposit
    # account (基本存款账户) in hand, as some centres do and others do not.
    "SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT": False,
}
# Per-agency latency; unset means SANDBOX_LATENCY_MS.
for _agency in AGENCIES:
    DEFAULTS[f"SANDBOX_LATENCY_MS_{_agency.upper()}"] = None

_RATES = frozenset(k for k in DEFAULTS if k.endswith("_RATE"))
_TRUE, _FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


class SettingsError(ValueError):
    """A setting name or value the sandbox does not accept."""


def _coerce(name: str, value: Any) -> Any:
    if name not in DEFAULTS:
        raise SettingsError(f"unknown setting {name}")
    if value is None or value == "":
        if DEFAULTS[name] is None:
            return None
        raise SettingsError(f"{name} needs a value")
    kind = type(DEFAULTS[name]) if DEFAULTS[name] is not None else int
    if kind is bool:
        return _flag(name, value)
    try:
        number = kind(float(value)) if kind is int else kind(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{name}: not a number: {value!r}") from exc
    if number < 0 or (name in _RATES and number > 1):
        raise SettingsError(f"{name}: out of range: {value!r}")
    return number


def _flag(name: str, value: Any) -> bool:
    # bool("false") is True: a flag from the environment or JSON is read by its words instead.
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise SettingsError(f"{name}: not true or false: {value!r}")


def initial_settings(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then environment variables, then the overrides given to the app factory."""
    values = dict(DEFAULTS)
    for name in DEFAULTS:
        if name in os.environ:
            values[name] = _coerce(name, os.environ[name])
    for name, value in (overrides or {}).items():
        if name in DEFAULTS:
            values[name] = _coerce(name, value)
    return values


class SandboxSettings:
    """The settings in force; POST /_sandbox/config changes them, /_sandbox/reset restores the start."""

    def __init__(self, start: Mapping[str, Any]) -> None:
        self._start = dict(start)
        self._values = dict(start)
        self._lock = threading.Lock()

    def snapshot(self) -> dict[str, Any]:
        """A consistent copy of every setting."""
        with self._lock:
            return dict(self._values)

    def update(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply changes (all or none); the settings after the change."""
        coerced = {name: _coerce(name, value) for name, value in changes.items()}
        with self._lock:
            self._values.update(coerced)
            return dict(self._values)

    def reset(self) -> dict[str, Any]:
        """Back to the settings the sandbox started with."""
        with self._lock:
            self._values = dict(self._start)
            return dict(self._values)


def latency_ms(settings: Mapping[str, Any], agency: str) -> int:
    """The configured latency for one agency."""
    specific = settings.get(f"SANDBOX_LATENCY_MS_{agency.upper()}")
    return int(specific if specific is not None else settings["SANDBOX_LATENCY_MS"])
