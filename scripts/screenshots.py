#!/usr/bin/env python3
"""Screenshots of a running Minyi, for engineers to look at (not part of the test suite).

Uses Playwright's sync API with Debian's Chromium (`apt-get install chromium fonts-noto-cjk`;
`playwright install` cannot download browsers here), locale zh-CN, time zone Asia/Shanghai.
PNGs go to artifacts/screenshots/NAME-VIEWPORT.png (desktop 1440x900, mobile 375x812).

    python scripts/screenshots.py --base http://127.0.0.1:8000
        the default set: public pages, and with --login also the signed-in ones
    python scripts/screenshots.py --base http://127.0.0.1:8000 --login staff1:secret /workbench/ /accounts/security/
        just these paths, signed in, both viewports
    python scripts/screenshots.py --viewport mobile --full-page opinion=/public/opinions/new/
        NAME=PATH names a shot; --login none (or no --login) stays anonymous

Each shot also lists the browser's console errors (CSP violations show up there) and failed
requests; --strict makes the script exit 1 when there are any.
"""

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "mobile": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True},
}
LOGIN = "login"  # in DEFAULT_PAGES: use the --login credentials, skip the page without them

# (name, path, login, viewports): login is None (anonymous) or LOGIN.
DEFAULT_PAGES = [
    ("public-home", "/", None, ("desktop", "mobile")),
    ("login", "/accounts/login/", None, ("desktop", "mobile")),
    ("not-found", "/no-such-page/", None, ("desktop", "mobile")),
    ("api-docs", "/api/docs", None, ("desktop",)),
    ("home", "/accounts/home/", LOGIN, ("desktop", "mobile")),
    ("security", "/accounts/security/", LOGIN, ("desktop", "mobile")),
    ("password-change", "/accounts/password/", LOGIN, ("desktop",)),
]


def slug(path):
    name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    return name or "root"


def parse_login(value):
    if not value or value == "none":
        return None
    username, sep, password = value.partition(":")
    if not sep or not username:
        raise argparse.ArgumentTypeError("--login takes USERNAME:PASSWORD (or none)")
    return (username, password)


def noteworthy(message):
    # "Failed to load resource" repeats what failed_resource() reports, and also fires for the
    # status of an error page itself, which is what that page is meant to have.
    return message.type in ("error", "warning") and not message.text.startswith("Failed to load resource")


def failed_resource(response):
    return response.status >= 400 and response.request.resource_type != "document" and not response.url.endswith("/favicon.ico")


def sign_in(page, base, credentials):
    username, password = credentials
    page.goto(urljoin(base, "/accounts/login/"), wait_until="networkidle")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation(wait_until="networkidle"):
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    if "/accounts/login" in page.url:
        raise SystemExit(f"signing in as {username} failed (still on {page.url}); a TOTP account cannot be used here")


def shoot(browser, base, shots, out, full_page, scale, strict, wait_ms=300):
    """shots: list of (name, path, credentials or None, viewport)."""
    problems = 0
    groups = {}
    for shot in shots:
        groups.setdefault((shot[2], shot[3]), []).append(shot)
    for (credentials, viewport), items in groups.items():
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            device_scale_factor=scale,
            reduced_motion="reduce",  # charts and transitions are drawn in their final state
            **VIEWPORTS[viewport],
        )
        page = context.new_page()
        log = []
        page.on("console", lambda msg: log.append(f"console {msg.type}: {msg.text}") if noteworthy(msg) else None)
        page.on("pageerror", lambda exc: log.append(f"page error: {exc}"))
        page.on("requestfailed", lambda req: log.append(f"request failed: {req.url} {req.failure}"))
        page.on("response", lambda res: log.append(f"HTTP {res.status}: {res.url}") if failed_resource(res) else None)
        if credentials:
            sign_in(page, base, credentials)
        for name, path, _, _ in items:
            log.clear()
            response = page.goto(urljoin(base, path), wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_timeout(wait_ms)
            target = out / f"{name}-{viewport}.png"
            page.screenshot(path=str(target), full_page=full_page)
            status = response.status if response else "?"
            who = credentials[0] if credentials else "anonymous"
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  [{status} {path} as {who}]")
            for line in log:
                print(f"    {line}")
            problems += len(log)
        context.close()
    return 1 if strict and problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="PATH or NAME=PATH; without any, the default set")
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running site (default %(default)s)")
    parser.add_argument("--login", type=parse_login, default=None, metavar="USER:PASSWORD", help="sign in first (or none)")
    parser.add_argument("--viewport", choices=("desktop", "mobile", "both"), default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="the whole scrolling page, not only the first screen")
    parser.add_argument("--scale", type=float, default=1, help="device scale factor (2 for sharp text)")
    parser.add_argument("--wait", type=int, default=300, metavar="MS", help="pause before each shot (default %(default)s ms)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on console errors or failed requests")
    args = parser.parse_args()

    wanted = ("desktop", "mobile") if args.viewport == "both" else (args.viewport,)
    shots = []
    if args.paths:
        for item in args.paths:
            name, sep, path = item.partition("=")
            if not sep:
                name, path = slug(item), item
            shots += [(name, path, args.login, v) for v in wanted]
    else:
        for name, path, login, viewports in DEFAULT_PAGES:
            if login == LOGIN and not args.login:
                print(f"skipped {name} ({path}): needs --login")
                continue
            shots += [(name, path, args.login if login else None, v) for v in viewports if v in wanted]

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return shoot(browser, args.base.rstrip("/") + "/", shots, args.out, args.full_page, args.scale, args.strict, args.wait)
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
