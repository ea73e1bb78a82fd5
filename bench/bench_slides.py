"""What the facilitator's slides cost beside the room (``make room`` serves them).

Starts the slides server exactly as the room does (:func:`lvm_course.room.slides.
start_slides`), then prints its memory (PSS, Voila and its kernels) waiting, and with
1 and then 3 decks open in headless Chromium, and the time until a deck's first live
widget is drawn. The naive way for comparison: the same slides served to the room,
a kernel per trainee, so the last line prints what 30 trainees would cost that way
(30 decks, from the measured per-deck cost) against the room's measured ~6 MB each.

    .venv/bin/python bench/bench_slides.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from roomkit import CHROMIUM, CHROMIUM_ARGS, isolated_env, pss_kib  # noqa: E402

ROOM_PER_TRAINEE_MB = 5.8  # bench_room.py, README "Why Solara, measured"
DECKS = ["01_two_roles", "03_ward_round", "05_self_profile"]


def main() -> None:
    import os

    from playwright.sync_api import sync_playwright

    from lvm_course.room.slides import start_slides

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(isolated_env(Path(tmp)))
        started = time.monotonic()
        slides = start_slides(Path(tmp) / "facilitator", 0)
        print(f"slides server up in {time.monotonic() - started:.1f} s at {slides.url}")
        try:
            time.sleep(2)
            idle = pss_kib(slides.proc.pid) / 1024
            print(f"waiting, no deck open: {idle:.0f} MB PSS")
            per_deck = []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                pages = []
                for n, deck in enumerate(DECKS, 1):
                    page = browser.new_page()
                    t0 = time.monotonic()
                    page.goto(slides.part_url(deck), wait_until="domcontentloaded")
                    page.locator(".reveal .widget-button, .reveal .widget-toggle-button,"
                                 " .reveal .widget-html").first.wait_for(
                        state="attached", timeout=120_000)
                    drawn = time.monotonic() - t0
                    pages.append(page)
                    time.sleep(2)
                    now = pss_kib(slides.proc.pid) / 1024
                    per_deck.append((now - idle) / n)
                    print(f"{n} deck(s) open ({deck} drawn in {drawn:.1f} s): {now:.0f} MB PSS"
                          f" ({(now - idle) / n:.0f} MB per deck)")
                browser.close()
            deck_mb = per_deck[-1]
            print(f"naive (slides served to 30 trainees, a kernel each): "
                  f"{idle + 30 * deck_mb:.0f} MB vs the room's {30 * ROOM_PER_TRAINEE_MB:.0f} MB"
                  f" for 30 ({(idle + 30 * deck_mb) / (30 * ROOM_PER_TRAINEE_MB):.0f}x)")
        finally:
            slides.stop()


if __name__ == "__main__":
    main()
