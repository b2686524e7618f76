"""Browser tests: a real Chromium (Debian's package, driven by Playwright) against pytest-django's live server.

Chromium is not downloaded by Playwright here: the tests use the system's /usr/bin/chromium (CI installs it with
apt). Without it, every browser test is skipped, so a newcomer's `pytest` still passes.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000
CHROMIUM_MISSING = "Chromium absent: apt-get install chromium"


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser carries the `browser` marker (`-m "not browser"` leaves it out).

    Without Chromium the tests are skipped before any set-up (no test database, no live server).
    """
    missing = None if chromium_path() else pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(missing)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all of tests/browser.

    Playwright's sync API keeps an event loop running in the test thread while it is started, and the Django ORM
    refuses to run where a loop runs: DJANGO_ALLOW_ASYNC_UNSAFE lifts that for the browser tests only. The scope is
    this package, not the session, so that both the loop and the variable are gone before the other tests run (a
    session-wide variable leaks into subprocesses: `manage.py check --deploy` in tests/test_deploy.py warns on it).
    """
    executable = chromium_path()
    if executable is None:
        pytest.skip(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 900}, locale="fr-FR")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("liste-filtree") → test-artifacts/<test name>--liste-filtree.png (whole page)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name).strip("-")

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{test_name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    """login(user, password) through the real sign-in form; returns the page, on the home page."""

    def sign_in(username: str, password: str):
        page.goto(f"{live_server.url}/compte/connexion/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return sign_in
