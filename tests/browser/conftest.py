"""Headless Chromium for the viewer tests, with every non-file request blocked."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium from calling Google hosts (and let it run as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _executable() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium():
    """``launch(profile, **options)``: a headless Chromium context (one Playwright per session)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install 'kg[test]'"
    )
    exe = _executable()
    if exe is None:
        pytest.skip("Chromium not found at /usr/bin/chromium: apt-get install chromium")
    with sync_api.sync_playwright() as pw:

        def launch(profile, **options):
            return pw.chromium.launch_persistent_context(
                str(profile),
                executable_path=exe,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 800},
                **options,
            )

        yield launch


@pytest.fixture(scope="session")
def browser(chromium):
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    context = chromium(profile)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """A page that aborts every request not for a file: URL and records what it saw."""

    def __init__(self, context):
        self.page = context.new_page()
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )

    def _route(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait_until(self, expression: str, timeout_ms: int = 60_000) -> None:
        wait_until(self.page, expression, timeout_ms)

    def open(self, path: Path, timeout_ms: int = 60_000):
        self.page.goto(path.resolve().as_uri())
        wait_until(self.page, "window.kgView && kgView.stabilized && kgView.ready", timeout_ms)
        return self.page


def wait_until(page, expression: str, timeout_ms: int = 60_000) -> None:
    """Poll ``expression`` in the page until it is truthy.

    Playwright's ``wait_for_function`` polls with ``eval``, which the viewer's
    Content-Security-Policy forbids; ``page.evaluate`` goes through DevTools and is allowed.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout_ms} ms")
        time.sleep(0.05)


@pytest.fixture
def viewer(browser):
    page = Page(browser)
    yield page
    page.page.close()


@pytest.fixture
def viewer_in():
    """``viewer_in(context)``: a page like ``viewer``'s, in another browser context."""
    return Page
