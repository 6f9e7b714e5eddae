"""A big screen (大屏) left running: the real page in headless Chromium against a running server,
refreshing every --interval seconds for --minutes, with a network outage in the middle.

    # the server, e.g. the demo: MINYI_VAR_DIR=/tmp/x .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8000
    MINYI_VAR_DIR=/tmp/x .venv/bin/python bench/screen_hour.py --base http://127.0.0.1:8000 [--region 420800000000]
        [--figure collected] [--interval 2] [--minutes 6] [--outage 10] [--screenshots artifacts/screenshots/screen-bench]
    .venv/bin/python bench/screen_hour.py --minutes 60 --interval 60 ...      # the hour, as a lobby would run it
    .venv/bin/python bench/screen_hour.py --url http://host/screen/<key>/ ...  # a screen issued by hand

Without --url the script issues a screen itself through `minyi.screens.services` (so run it with the
server's settings: the same MINYI_VAR_DIR or DATABASE_URL), as the first system administrator (or
--as USERNAME), sets its interval in the database (below the desk's 30-second minimum, which a bench
needs to refresh hundreds of times in minutes), and revokes it at the end: the last check is that the
running page then shows the "switched off" notice instead of its figures.

With --outage S the browser goes offline for S seconds at half time: the screen must keep its figures,
show the "reconnecting" mark, and refresh again afterwards. Console errors and failed requests inside
the outage are counted apart (Chromium logs each failed fetch); any outside it is an error.

Prints: refreshes done (the page's own count of redraws and the data.json answers), errors (console
errors, page errors, failed requests, HTTP errors) outside the outage, the JS heap used after a garbage
collection at the start and at the end (and the DOM nodes and event listeners, which a leak grows), and
data.json's time to the last byte (median, p95, max). Exits 1 when there were errors or a check failed."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("MINYI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--url", help="an issued screen's address; otherwise the script issues one")
    parser.add_argument("--region", default="", help="region code of the screen it issues (default: the deployment's root)")
    parser.add_argument("--figure", default="collected")
    parser.add_argument("--as", dest="username", default="", help="who issues it (default: the first system administrator)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between refreshes (default 2)")
    parser.add_argument("--minutes", type=float, default=6.0, help="how long the screen runs (default 6; 60 for the hour)")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds offline at half time (0: none)")
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--screenshots", default="", help="path prefix for a PNG at the start, in the outage and at the end")
    return parser.parse_args()


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def issue_screen(args):
    django_setup()
    from minyi.accounts.models import Role, User
    from minyi.figures import scopes
    from minyi.screens import services
    from minyi.screens.models import DisplayToken

    if args.username:
        user = User.objects.get(username=args.username)
    else:
        user = (User.objects.filter(is_superuser=True).order_by("pk").first()
                or User.objects.filter(role_grants__role=Role.SYSTEM_ADMIN).order_by("pk").first())
    if user is None:
        sys.exit("No system administrator to issue the screen; pass --as USERNAME.")
    region_code = args.region or scopes.public_root().code
    token, key = services.issue(user, name="bench/screen_hour.py", region_code=region_code, figure=args.figure, refresh_seconds=60)
    # Below the desk's minimum on purpose: the bench refreshes hundreds of times in minutes.
    DisplayToken.objects.filter(pk=token.pk).update(refresh_seconds=max(1, round(args.interval)))
    return token, f"{args.base.rstrip('/')}/screen/{key}/", user


def revoke_screen(token, user):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from minyi.screens import services

    def revoke():
        try:
            services.revoke(user, token)
        finally:
            connection.close()

    # Playwright's sync API keeps an event loop in this thread, where Django refuses the ORM.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(revoke).result()


class Watch:
    """What the page did, split into what was expected (inside the outage, after the revocation)
    and errors."""

    def __init__(self):
        self.errors, self.expected = [], []
        self.expecting = False
        self.data_answers = 0
        self.data_ms = []

    def note(self, what):
        (self.expected if self.expecting else self.errors).append(what)

    def console(self, message):
        if message.type == "error":
            self.note(f"console: {message.text}")

    def response(self, response):
        if response.status >= 400:
            self.note(f"HTTP {response.status} {response.url}")

    def finished(self, request):
        if "/data.json" not in request.url:
            return
        response = request.response()
        if response is not None and response.status == 200:
            self.data_answers += 1
            timing = request.timing
            if timing.get("responseEnd", -1) > 0:
                self.data_ms.append(timing["responseEnd"])


def metrics(cdp):
    cdp.send("HeapProfiler.collectGarbage")
    values = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"heap_mb": values.get("JSHeapUsedSize", 0) / 1e6, "nodes": int(values.get("Nodes", 0)),
            "listeners": int(values.get("JSEventListeners", 0))}


def refreshed(page):
    return int(page.evaluate("Number(document.getElementById('scr-stage').getAttribute('data-refreshed') || 0)"))


def wait_for_redraw(page, beyond, timeout):
    """Until the page has redrawn more than `beyond` times (polled: the page's CSP refuses the
    string evaluation that page.wait_for_function uses)."""
    deadline = time.monotonic() + timeout
    while refreshed(page) <= beyond:
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
    return True


def shoot(page, prefix, name):
    if prefix:
        path = Path(f"{prefix}-{name}.png")
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))


def run(args, url, revoke=None):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    failures = []
    watch = Watch()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": args.width, "height": args.height}, locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.on("console", watch.console)
        page.on("pageerror", lambda error: watch.note(f"page error: {error}"))
        page.on("requestfailed", lambda request: watch.note(f"failed: {request.url} {request.failure}"))
        page.on("response", watch.response)
        page.on("requestfinished", watch.finished)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")

        started = time.monotonic()
        page.goto(url, wait_until="load")
        if not wait_for_redraw(page, 0, 30):
            failures.append("the page drew nothing")
        page.wait_for_timeout(1500)  # the first drawing's animations
        first = metrics(cdp)
        shoot(page, args.screenshots, "start")
        print(f"start: heap {first['heap_mb']:.1f} MB, {first['nodes']} DOM nodes, {first['listeners']} listeners", flush=True)

        duration = args.minutes * 60
        half = duration / 2
        outage_done = args.outage <= 0
        # A line a minute, or ten lines in all for the hour.
        report_every = max(60, duration / 10)
        next_report = report_every
        samples = [first]
        while (elapsed := time.monotonic() - started) < duration:
            if not outage_done and elapsed >= half:
                outage_done = True
                watch.expecting = True
                context.set_offline(True)
                page.wait_for_timeout(args.outage * 1000)
                mark = page.locator("#scr-reconnect").is_visible()
                kept = page.locator("[data-kpi=collected] .scr-kpi-number").inner_text()
                shoot(page, args.screenshots, "outage")
                context.set_offline(False)
                # A fetch already answered when the network went may have redrawn during the outage:
                # the recovery is the first redraw after the network is back.
                before = refreshed(page)
                if not mark:
                    failures.append("no reconnecting mark during the outage")
                if kept in ("", "—"):
                    failures.append("the figures went away during the outage")
                if not wait_for_redraw(page, before, max(args.interval, 10) + 30):
                    failures.append("no refresh after the outage")
                page.wait_for_timeout(500)
                watch.expecting = False
                if page.locator("#scr-reconnect").is_visible():
                    failures.append("the reconnecting mark stayed after the outage")
                print(f"outage of {args.outage:.0f} s at {elapsed / 60:.1f} min: figures kept ({kept}), mark shown: {mark}, "
                      f"recovered after it ({len(watch.expected)} expected failures logged)", flush=True)
                continue
            if elapsed >= next_report:
                now = metrics(cdp)
                samples.append(now)
                print(f"{elapsed / 60:5.1f} min: {refreshed(page)} redraws, {watch.data_answers} answers, {len(watch.errors)} errors; "
                      f"heap {now['heap_mb']:.1f} MB, {now['nodes']} nodes, {now['listeners']} listeners", flush=True)
                next_report += report_every
            page.wait_for_timeout(min(1000, max(50, (duration - elapsed) * 1000)))

        last = metrics(cdp)
        redraws = refreshed(page)
        shoot(page, args.screenshots, "end")
        minutes = (time.monotonic() - started) / 60
        if revoke is not None:
            watch.expecting = True  # the 410 that tells the page, and Chromium's note of it
            revoke()
            try:
                page.locator("#scr-notice").wait_for(state="visible", timeout=(max(args.interval, 10) + 30) * 1000)
                blank = page.locator("[data-kpi=collected] .scr-kpi-number").inner_text() == "—"
                print(f"revoked at the end: the page shows the notice, figures blanked: {blank}", flush=True)
                shoot(page, args.screenshots, "revoked")
                if not blank:
                    failures.append("figures still shown after revocation")
            except PlaywrightTimeout:
                failures.append("no 'switched off' notice after revocation")
        context.close()
        browser.close()
    return watch, {"redraws": redraws, "first": first, "last": last, "minutes": minutes, "samples": samples + [last]}, failures


def main():
    args = arguments()
    token = user = None
    if args.url:
        url = args.url
    else:
        token, url, user = issue_screen(args)
    print(f"screen {url.split('/screen/')[0]}/screen/{url.split('/screen/')[1][:6]}…/ at {args.width}×{args.height}, "
          f"every {args.interval:g} s for {args.minutes:g} min", flush=True)
    revoke = (lambda: revoke_screen(token, user)) if token is not None else None
    watch, result, failures = run(args, url, revoke)

    first, last = result["first"], result["last"]
    times = sorted(watch.data_ms)
    print()
    print(f"ran {result['minutes']:.1f} min: {result['redraws']} redraws, {watch.data_answers} data.json answers "
          f"(one every {result['minutes'] * 60 / max(1, watch.data_answers):.2f} s)")
    print(f"errors: {len(watch.errors)}; expected failures logged in the outage and at the revocation: {len(watch.expected)}")
    for error in watch.errors[:20]:
        print(f"  {error}")
    print(f"JS heap after GC: start {first['heap_mb']:.1f} MB, end {last['heap_mb']:.1f} MB "
          f"({last['heap_mb'] - first['heap_mb']:+.1f} MB); DOM nodes {first['nodes']} → {last['nodes']}; "
          f"listeners {first['listeners']} → {last['listeners']}")
    samples = result["samples"]
    if len(samples) >= 4:
        # A leak grows with every refresh; a plateau after the first minutes is the engine's caches.
        half = samples[len(samples) // 2]
        print(f"JS heap in the second half: {half['heap_mb']:.1f} → {last['heap_mb']:.1f} MB; "
              f"highest after GC {max(s['heap_mb'] for s in samples):.1f} MB")
    if times:
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"data.json to last byte: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
    for failure in failures:
        print(f"FAILED: {failure}")
    sys.exit(1 if watch.errors or failures else 0)


if __name__ == "__main__":
    main()
