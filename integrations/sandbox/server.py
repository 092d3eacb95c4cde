"""Serving the sandbox on a real port, in the foreground or in a background thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from integrations.mail import SANDBOX_SMTP_OFFSET
from integrations.sandbox import create_sandbox_app, mail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningSandbox:
    """A sandbox answering on a port."""

    app: Flask
    server: BaseWSGIServer

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:5001 (agencies live under /name-approval, ...)."""
        return f"http://{self.server.host}:{self.server.port}"


# The employer-facing agencies (社保 with 医保, 住房公积金), mounted beside those create_sandbox_app lists.
PORT_TRIES = 20  # port 0: draws of a free HTTP port until the SMTP port beside it is free too


def make_sandbox_server(host: str, port: int, overrides: Mapping[str, Any] | None = None) -> RunningSandbox:
    """A threaded server for a fresh sandbox app (port 0 picks a free port), with its SMTP receiver
    started on the HTTP port + SANDBOX_SMTP_OFFSET (integrations/sandbox/mail.py)."""
    app = create_sandbox_app(overrides)
    for _ in range(PORT_TRIES if port == 0 else 1):
        server = make_server(host, port, app, threaded=True)
        smtp_port = server.port + SANDBOX_SMTP_OFFSET
        try:
            mail.start_receiver(app, host, smtp_port)
        except (OSError, OverflowError) as error:
            if port == 0:  # draw another pair
                server.server_close()
                continue
            # A port given: the agencies still answer; only e-mail has nowhere to go.
            log.warning("sandbox SMTP receiver not started on %s:%s (%s): e-mail will not be received",
                        host, smtp_port, error)
        return RunningSandbox(app, server)
    raise OSError(f"no free pair of HTTP and SMTP ports on {host} after {PORT_TRIES} tries")


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
        mail.stop_receiver(running.app)
        thread.join(timeout=5)
