"""Browser tests: Playwright drives Debian's Chromium (no browser download is possible here).
Without /usr/bin/chromium the tests are skipped, except in CI, where that is a failure."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MINYI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM):
        return
    if os.environ.get("MINYI_REQUIRE_BROWSER") == "true":
        raise pytest.UsageError(f"Browser tests need Chromium at {CHROMIUM}; CI requires it.")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", "viewport": DESKTOP}


@pytest.fixture
def live_world(transactional_db):
    from minyi.testing import World

    return World()


@pytest.fixture
def shoot():
    """Save a full-page screenshot under artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def window(browser, browser_context_args, live_server, settings):
    """window(viewport, username=None) → a page in a fresh browser (own cookies), signed in when a
    username is given. Everyone comes from 127.0.0.1, so the per-address limits are lifted."""
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = settings.OPINION_TRACK_RATE_PER_ADDRESS = "100000/m"
    settings.OPINION_SUBMIT_RATE_PER_PHONE = "100000/m"
    contexts = []

    from minyi.testing import PASSWORD

    def open_window(viewport, username=None):
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.locator("input[name='username']").fill(username)
            page.locator("input[name='password']").fill(PASSWORD)
            with page.expect_navigation():
                page.locator("form[action='/accounts/login/'] button[type='submit']").click()
            assert "/accounts/login/" not in page.url, f"{username} could not sign in"
        return page

    yield open_window
    for context in contexts:
        context.close()
