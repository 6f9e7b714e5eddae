"""First contentful paint of the public transparency portal's home on a phone-sized headless Chromium,
against a running server with the demo data.

    # the server, e.g. as `make demo` runs it (gunicorn, collected static files, the demo loaded):
    MINYI_VAR_DIR=/tmp/x .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4
    .venv/bin/python bench/portal_fcp.py --base http://127.0.0.1:8000 [--path /open/] [--loads 20]
        [--width 375 --height 667] [--cpu-slowdown 1] [--target-ms 2000]

Two series of --loads page loads each, at 375×667 (a phone) by default:
- cold: a new browser context for every load (empty HTTP cache, no cookies), as a first visit;
- warm: one context, the page opened again and again (style sheets and scripts from the cache).
For each load the page's own `performance.getEntriesByName('first-contentful-paint')` and the
navigation's time to the first byte are read. Prints median, p95 and max of each series, the HTML
size and the bytes the first cold load transferred, and whether the cold p95 is under --target-ms
(exit status 1 when it is not). --cpu-slowdown N makes the CPU N times slower (Chromium's
emulation, as DevTools' "4x slowdown" for a mid-range phone)."""

import argparse
import math
import os
import statistics
import sys

CHROMIUM = os.environ.get("MINYI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
READ_PAINT = """() => new Promise(resolve => {
  const found = () => performance.getEntriesByName('first-contentful-paint')[0];
  const done = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    resolve({fcp: found().startTime, ttfb: nav.responseStart, html: nav.encodedBodySize,
             transferred: performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize, nav.transferSize)});
  };
  if (found()) { done(); return; }
  new PerformanceObserver((list, observer) => { if (found()) { observer.disconnect(); done(); } }).observe({type: 'paint', buffered: true});
})"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--path", default="/open/", help="the page (default: the portal's home)")
    parser.add_argument("--loads", type=int, default=20, help="loads in each series (default 20)")
    parser.add_argument("--width", type=int, default=375)
    parser.add_argument("--height", type=int, default=667)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, help="emulated CPU slowdown (1: none)")
    parser.add_argument("--target-ms", type=float, default=2000.0)
    return parser.parse_args()


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def load(context, url, slowdown):
    page = context.new_page()
    if slowdown != 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        sys.exit(f"{url} answered {response.status if response else 'nothing'}: is the server running with the demo data?")
    measured = page.evaluate(READ_PAINT)
    page.close()
    return measured


def summary(name, rows):
    fcp, ttfb = [r["fcp"] for r in rows], [r["ttfb"] for r in rows]
    print(f"{name:5} FCP median {statistics.median(fcp):7.0f} ms  p95 {p95(fcp):7.0f} ms  max {max(fcp):7.0f} ms"
          f"   | first byte median {statistics.median(ttfb):5.0f} ms  p95 {p95(ttfb):5.0f} ms   ({len(rows)} loads)")
    return p95(fcp)


def main():
    args = arguments()
    from playwright.sync_api import sync_playwright

    url = args.base.rstrip("/") + args.path
    phone = {"viewport": {"width": args.width, "height": args.height}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
             "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One load to start the server's and the browser's processes, not counted.
        context = browser.new_context(**phone)
        load(context, url, 1)
        context.close()
        cold = []
        for _ in range(args.loads):
            context = browser.new_context(**phone)
            cold.append(load(context, url, args.cpu_slowdown))
            context.close()
        context = browser.new_context(**phone)
        load(context, url, args.cpu_slowdown)  # fills the cache
        warm = [load(context, url, args.cpu_slowdown) for _ in range(args.loads)]
        context.close()
        browser.close()
    print(f"{url} at {args.width}×{args.height}, CPU slowdown {args.cpu_slowdown:g}×, load average {os.getloadavg()[0]:.1f}")
    print(f"HTML {cold[0]['html'] / 1024:.1f} KB; a cold load transfers {cold[0]['transferred'] / 1024:.0f} KB in all")
    cold_p95 = summary("cold", cold)
    summary("warm", warm)
    met = cold_p95 < args.target_ms
    print(f"target: first contentful paint under {args.target_ms:.0f} ms (cold p95): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
