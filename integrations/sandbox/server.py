"""Serving the sandbox on a real port, in the foreground or in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from integrations.sandbox import create_sandbox_app


@dataclass(frozen=True)
class RunningSandbox:
    """A sandbox answering on a port."""

    app: Flask
    server: BaseWSGIServer

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:5001 (agencies live under /name-approval, ...)."""
        return f"http://{self.server.host}:{self.server.port}"


def make_sandbox_server(host: str, port: int, overrides: Mapping[str, Any] | None = None) -> RunningSandbox:
    """A threaded server for a fresh sandbox app (port 0 picks a free port)."""
    app = create_sandbox_app(overrides)
    return RunningSandbox(app, make_server(host, port, app, threaded=True))


@contextmanager
def sandbox_in_thread(overrides: Mapping[str, Any] | None = None, host: str = "127.0.0.1", port: int = 0) -> Iterator[RunningSandbox]:
    """Run a sandbox in a daemon thread for the length of the block."""
    running = make_sandbox_server(host, port, overrides)
    # A short poll interval so that shutdown() returns at once rather than after half a second.
    thread = threading.Thread(target=running.server.serve_forever, args=(0.05,), name="sandbox", daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.server.shutdown()
        running.server.server_close()
        thread.join(timeout=5)
