"""Sandbox settings: defaults, environment, overrides, all-or-nothing changes, reset."""

from __future__ import annotations

import pytest

from integrations.sandbox.settings import (
    DEFAULTS,
    SandboxSettings,
    SettingsError,
    initial_settings,
    latency_ms,
)


def test_defaults_without_environment(monkeypatch):
    for name in DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    settings = initial_settings()
    assert settings["SANDBOX_TIMEOUT_SECONDS"] == 30.0
    assert settings["SANDBOX_ERROR_RATE"] == 0.0
    assert settings["SANDBOX_LATENCY_MS_TAX"] is None


def test_environment_then_overrides(monkeypatch):
    monkeypatch.setenv("SANDBOX_ERROR_RATE", "0.25")
    monkeypatch.setenv("SANDBOX_LATENCY_MS", "40")
    settings = initial_settings({"SANDBOX_LATENCY_MS": 70, "SANDBOX_DB": "ignored here"})
    assert settings["SANDBOX_ERROR_RATE"] == 0.25
    assert settings["SANDBOX_LATENCY_MS"] == 70


def test_bad_environment_value_fails_loudly(monkeypatch):
    monkeypatch.setenv("SANDBOX_SLOW_RATE", "often")
    with pytest.raises(SettingsError):
        initial_settings()


def test_per_agency_latency_falls_back_to_the_general_one():
    settings = {**DEFAULTS, "SANDBOX_LATENCY_MS": 15, "SANDBOX_LATENCY_MS_BANK": 200}
    assert latency_ms(settings, "bank") == 200
    assert latency_ms(settings, "tax") == 15


def test_update_is_all_or_nothing_and_reset_restores_the_start():
    settings = SandboxSettings({**DEFAULTS, "SANDBOX_SLOW_MS": 500})
    with pytest.raises(SettingsError):
        settings.update({"SANDBOX_LATENCY_MS": 5, "SANDBOX_ERROR_RATE": 1.5})
    assert settings.snapshot()["SANDBOX_LATENCY_MS"] == 0
    with pytest.raises(SettingsError):
        settings.update({"SANDBOX_NO_SUCH_THING": 1})
    assert settings.update({"SANDBOX_LATENCY_MS_TAX": "120"})["SANDBOX_LATENCY_MS_TAX"] == 120
    assert settings.update({"SANDBOX_LATENCY_MS_TAX": None})["SANDBOX_LATENCY_MS_TAX"] is None
    settings.update({"SANDBOX_SLOW_MS": 9})
    assert settings.reset()["SANDBOX_SLOW_MS"] == 500
