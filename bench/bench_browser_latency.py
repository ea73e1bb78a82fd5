"""Click an answer in the browser -> the radar picture replaced on screen (Voila, 05).

Starts its own Voila on ``notebooks/05_self_profile.ipynb`` (the same command line as
``make present``, on a free port, temporary folders, a complete questionnaire already
saved so every change moves the chart), opens it in Debian's headless Chromium and
changes an answer ``--n`` times (30 by default, after 3 warm-up clicks).

Each latency is measured inside the page: from the ``click`` event on the toggle
button (capture phase, ``performance.now()``) to the moment a ``MutationObserver``
sees the radar ``<img>`` with a new ``src``. That covers the round trip browser ->
kernel (save, score, redraw, PNG) -> browser and the DOM update; it excludes
Playwright's own overhead. Target (issue 5): median under 100 ms on these machines.

Run: ``python bench/bench_browser_latency.py [--n 30]``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roomkit import CHROMIUM, CHROMIUM_ARGS, OBSERVE, REPO, Proc, start_voila  # noqa: E402

from lvm_course.content import load_course  # noqa: E402

TARGET_MS = 100.0

def start(tmp: Path) -> Proc:
    """Voila on 05 over a complete questionnaire, so every change moves the chart."""
    course = load_course()
    answers = {item.id: 1 + k % 5 for k, item in enumerate(course.items)}
    (tmp / "course" / "answers").mkdir(parents=True, exist_ok=True)
    (tmp / "course" / "answers" / "questionnaire.json").write_text(
        json.dumps({"answers": answers, "created": "2026-11-20T09:00:00+00:00"}),
        encoding="utf-8")
    return start_voila(tmp, REPO / "notebooks" / "05_self_profile.ipynb")


def measure(url: str, n: int, warmup: int = 3) -> list[float]:
    from playwright.sync_api import sync_playwright

    scale = ["Never", "Rarely", "Sometimes", "Often", "Always"]
    latencies = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(url, wait_until="domcontentloaded")
        page.locator("img.lvm-chart").first.wait_for(timeout=90_000)
        page.get_by_text("24 of 24 answered").first.wait_for(timeout=90_000)
        page.evaluate(OBSERVE)
        rows = page.locator(".widget-toggle-buttons")
        for i in range(warmup + n):
            row = rows.nth(i % 6)  # the six items on the page, in turn
            current = row.locator("button.mod-active").inner_text().strip()
            target = scale[(scale.index(current) + 2) % 5]  # always a different answer
            before = page.evaluate("window.__lat.swaps.length")
            row.get_by_role("button", name=target, exact=True).click()
            page.wait_for_function("n => window.__lat.swaps.length > n", arg=before)
            t_click, t_swap = page.evaluate(
                "[window.__lat.clicks.at(-1), window.__lat.swaps.at(-1)]")
            if i >= warmup:
                latencies.append(t_swap - t_click)
        browser.close()
    return latencies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_browser_latency")
    parser.add_argument("--n", type=int, default=30, help="answer changes timed")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("bench_browser_latency: skipped, /usr/bin/chromium is absent "
              "(apt-get install chromium)")
        return
    with tempfile.TemporaryDirectory(prefix="lvm-bench-browser-") as tmp:
        server = start(Path(tmp))
        try:
            lat = measure(server.url, args.n)
        finally:
            server.stop()
    lat.sort()
    median = statistics.median(lat)
    p90 = lat[min(len(lat) - 1, round(0.9 * (len(lat) - 1)))]
    verdict = "meets" if median < TARGET_MS else "MISSES"
    print(f"click -> radar replaced in the browser (Voila, {len(lat)} changes): "
          f"median {median:.0f} ms, p90 {p90:.0f} ms, min {lat[0]:.0f} ms, "
          f"max {lat[-1]:.0f} ms; target median < {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
