"""A stack's app served on a real port, and Debian's Chromium driven through Playwright."""

import faulthandler
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/kaiban-shots")
# A closed network: no updates, no sync, nothing the test did not ask for.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass
class LiveServer:
    url: str
    app: object


@contextmanager
def serving(app) -> Iterator[str]:
    """`app` over HTTP on a free port, in threads, for as long as the block runs; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def live_server(stack) -> Iterator[LiveServer]:
    """The stack's app (its worker already running) over HTTP on a free port."""
    with serving(stack.app) as url:
        yield LiveServer(url, stack.app)


@pytest.fixture
def served(app) -> Iterator[str]:
    """The function-scoped app over HTTP with CSRF on, as in production; the test runs the pipeline
    itself, so no worker is needed."""
    app.config["WTF_CSRF_ENABLED"] = True
    with serving(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the test item, so a fixture's teardown knows whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


def describe_failure(page: Page, name: str) -> None:
    """What the browser showed when a test failed: a screenshot, the address, the visible text and
    the last requests (printed into the failure's report, for a run nobody watched)."""
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / f"failed-{name}.png"
    try:
        page.screenshot(path=shot, full_page=True)
        text = page.locator("body").inner_text(timeout=2000)
    except Exception as error:  # the page itself may be what broke
        text = f"(no page text: {error})"
    print(f"\n--- browser at failure: {page.url} (screenshot {shot})\n{text[:3000]}")
    print("--- this process's threads (the live server's requests among them):", flush=True)
    faulthandler.dump_traceback(sys.__stderr__, all_threads=True)


@pytest.fixture
def browser_page(browser, request) -> Iterator[Page]:
    """A fresh page with its own cookies and localStorage, in a desktop-sized window.

    The test fails if the browser refused anything under the Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda sent: sent.method != "GET" and console.append(f"request: {sent.method} {sent.url}"))
    page.on("requestfailed", lambda failed: console.append(f"request failed: {failed.method} {failed.url}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        describe_failure(page, request.node.name)
        print("--- browser console:", *console[-20:], sep="\n")
    context.close()
    refused = [text for text in console if "Content Security Policy" in text]
    assert not refused, refused
