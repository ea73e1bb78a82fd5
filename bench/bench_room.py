"""The room under a burst of joiners: N trainees open the questionnaire at once.

Starts ``lvm-course room`` (one Solara process, a virtual kernel per page) and lets N
visitors (default 30), each in its own headless Chromium context (own cookies, own
identity), open ``/part/05_self_profile`` at the same moment. It prints:

- pages that never became interactive (target **0**);
- time to interactive, median / p95 / max: from ``goto`` to the questionnaire's
  first scale on screen; and to the first answer confirmed by the server;
- memory per connected trainee: the room process's PSS with all N on 05, minus
  before, over N;
- one answer → radar replaced on screen, median / p95, with all N connected (each
  visitor clicks in turn; measured in the page, as ``bench_browser_latency.py``);
- what closing the pages gives back (pages left, memory after), whether a returning
  trainee finds their answers, and further waves of N new trainees (``--waves``,
  default 3) with the memory after each closes: it settles instead of growing.

The browsers run at the lowest CPU priority (``nice 19``), so the server gets its two
cores first, as it would with trainees on their own devices; each page still draws
itself on the same two cores, which dominates the times below on a 2-core machine.
The bench also prints the server's own CPU time per joiner, the part a faster room
laptop or separate devices cannot hide.

Baselines in the same run, same N, same browser:

- **floor**: a bare notebook that only imports ipywidgets and matplotlib and shows a
  scale, served the plain way by Voila (a kernel per page);
- **naive** (``--naive``): our 05 served the plain way by Voila, the way
  ``make present`` would serve a room before the room existed.

Targets (2-core machine): 0 broken pages at N = 30; p95 time to interactive within
1.5× the floor's and under 10 s; answer → radar p95 under 250 ms with 30 connected.

Run: ``python bench/bench_room.py [--n 30] [--over S] [--naive] [--no-floor]``; ``--over``
spreads the N arrivals evenly over S seconds, as a room sitting down (100 over 120 s:
README, *Room sizing*). Not a test; the test suite
runs a short version (10 joiners, tests/browser/test_room.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roomkit import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    OBSERVE,
    REPO,
    bare_notebook,
    cpu_seconds,
    pss_kib,
    start_room,
    start_voila,
)

PAGE_TIMEOUT_S = 180.0
SCALE = ["Never", "Rarely", "Sometimes", "Often", "Always"]
def niced_chromium(tmp: Path) -> Path:
    """Chromium at the lowest CPU priority: the server gets its cores first, as it would
    with trainees on their own phones; the pages still draw on the same 2 cores."""
    wrapper = tmp / "chromium-niced"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n 19 {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    return (f"median {statistics.median(values):.1f} s, p95 {pct(values, 0.95):.1f} s, "
            f"max {max(values):.1f} s")


async def open_all(browser, url: str, n: int, ready: str, answer: bool,
                   over: float = 0.0) -> tuple[list, list[float | None], list[float | None],
                                                dict[str, int]]:
    """N contexts open ``url`` at once, or arriving evenly over ``over`` seconds.

    Returns (pages, seconds to ready, seconds to first answer confirmed, why pages
    failed). Each page has ``PAGE_TIMEOUT_S`` from its ``goto`` for everything.
    """
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900})
                for _ in range(n)]
    pages = [await c.new_page() for c in contexts]
    go = asyncio.Event()
    why: dict[str, int] = {}

    async def one(k: int, page) -> tuple[float | None, float | None]:
        await go.wait()
        await asyncio.sleep(k * over / n)  # 0 for all at once
        t0 = time.monotonic()

        def left() -> float:
            return max(1.0, PAGE_TIMEOUT_S - (time.monotonic() - t0)) * 1000

        step = "page did not load"
        try:
            await page.goto(url, wait_until="commit", timeout=left())
            step = "questionnaire never showed"
            await page.locator(ready).first.wait_for(timeout=left())
            t_ready = time.monotonic() - t0
            if not answer:
                return t_ready, None
            step = "first answer never confirmed"
            await page.locator(".widget-toggle-buttons").first.get_by_role(
                "button", name="Sometimes", exact=True).click(timeout=left())
            await page.get_by_text("1 of 24 answered").first.wait_for(timeout=left())
        except Exception:  # noqa: BLE001 - a page that never came is the figure
            why[step] = why.get(step, 0) + 1
            return (time.monotonic() - t0 if step.startswith("first") else None), None
        return t_ready, time.monotonic() - t0

    tasks = [asyncio.create_task(one(k, p)) for k, p in enumerate(pages)]
    await asyncio.sleep(0.1)
    go.set()
    results = await asyncio.gather(*tasks)
    return pages, [r[0] for r in results], [r[1] for r in results], why


async def round_trips(pages: list, clicks_each: int = 3) -> list[float]:
    """Each connected visitor in turn changes an answer ``clicks_each`` times (ms)."""
    out = []
    for page in pages:
        await page.evaluate(OBSERVE)
        row = page.locator(".widget-toggle-buttons").nth(1)
        for k in range(clicks_each):
            before = await page.evaluate("window.__lat.swaps.length")
            await row.get_by_role("button", name=SCALE[(k * 2) % 5], exact=True).click()
            await page.wait_for_function("n => window.__lat.swaps.length > n", arg=before,
                                         timeout=30_000)
            t_click, t_swap = await page.evaluate(
                "[window.__lat.clicks.at(-1), window.__lat.swaps.at(-1)]")
            out.append(t_swap - t_click)
    return out


def resourcez(url: str, cookie: str) -> dict:
    """Solara's resource counts, as the facilitator (``cookie``: their session)."""
    req = urllib.request.Request(url + "/resourcez",  # noqa: S310 - 127.0.0.1
                                 headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


async def one_wave(browser, room, n: int, over: float = 0.0) -> dict:
    cpu0, wall0 = cpu_seconds(room.proc.pid), time.monotonic()
    pages, ready, first, why = await open_all(browser, room.url + "/part/05_self_profile", n,
                                              ".widget-toggle-buttons button", answer=True,
                                              over=over)
    cpu = cpu_seconds(room.proc.pid) - cpu0
    wall = time.monotonic() - wall0
    return {"pages": pages, "ready": ready, "first": first, "why": why, "cpu": cpu,
            "wall": wall}


async def close_and_drain(room, pages: list) -> int:
    """Close every page; wait until the room has let go of them; return pages left."""
    for p in pages:
        await p.context.close()
    deadline = time.monotonic() + 90
    left = -1
    while time.monotonic() < deadline:
        left = resourcez(room.url, room.cookie)["kernels"]["total"]
        if left == 0:
            break
        await asyncio.sleep(1.0)
    await asyncio.sleep(2.0)
    return left


async def bench_room(browser, tmp: Path, n: int, waves: int, over: float = 0.0) -> dict:
    room = start_room(tmp / "room-run", cull_after="15s")
    try:
        time.sleep(1.0)
        before = pss_kib(room.proc.pid)
        wave = await one_wave(browser, room, n, over)
        pages, ready, first, why = wave["pages"], wave["ready"], wave["first"], wave["why"]
        cpu, wall = wave["cpu"], wave["wall"]
        ok = [t for t in ready if t is not None]
        live = [p for p, t in zip(pages, first, strict=True) if t is not None]
        time.sleep(1.0)
        during = pss_kib(room.proc.pid)
        kernels = resourcez(room.url, room.cookie)["kernels"]["total"]
        rtt = await round_trips(live)
        # a returning trainee: a visitor who answered, in a fresh context (a new device
        # holding the same cookie); round_trips() had them answer item 2
        state = await live[0].context.storage_state() if live else None
        left = await close_and_drain(room, pages)
        after = [pss_kib(room.proc.pid)]
        later = []
        for _ in range(waves - 1):  # the next groups, later in the day
            wave = await one_wave(browser, room, n, over)
            later.append(wave)
            left = max(left, await close_and_drain(room, wave["pages"]))
            after.append(pss_kib(room.proc.pid))
        resumed = False
        if state is not None:
            back = await browser.new_context(storage_state=state)
            page = await back.new_page()
            await page.goto(room.url + "/part/05_self_profile")
            try:
                await page.locator(".widget-toggle-buttons").nth(1).locator(
                    "button.mod-active").first.wait_for(timeout=60_000)
                resumed = True
            except Exception:  # noqa: BLE001
                resumed = False
            await back.close()
    finally:
        room.stop()
    return {"ready": ready, "first": first, "broken": sum(t is None for t in first), "why": why,
            "ok": ok, "pss_before": before, "pss_during": during, "pss_after": after,
            "kernels": kernels, "kernels_left": left, "rtt": rtt, "resumed": resumed,
            "cpu": cpu, "wall": wall,
            "later_broken": sum(sum(w["why"].values()) for w in later),
            "later_ok": [t for w in later for t in w["ready"] if t is not None]}


async def bench_voila(browser, tmp: Path, notebook: Path, n: int, ready: str,
                      over: float = 0.0) -> dict:
    server = start_voila(tmp, notebook)
    try:
        cpu0, pss0 = cpu_seconds(server.proc.pid), pss_kib(server.proc.pid)
        pages, times, _, why = await open_all(browser, server.url, n, ready, answer=False,
                                              over=over)
        cpu = cpu_seconds(server.proc.pid) - cpu0
        per = (pss_kib(server.proc.pid) - pss0) / n  # every page load started a kernel
        log = server.log.read_text(errors="replace")
        for p in pages:
            await p.context.close()
    finally:
        server.stop()
    return {"ready": times, "ok": [t for t in times if t is not None], "why": why, "cpu": cpu,
            "per": per,
            "broken": sum(t is None for t in times),
            "iopub_timeouts": log.count("Timeout waiting for IOPub output")}


async def main_async(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="lvm-bench-room-") as tmp_name:
        tmp = Path(tmp_name)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(niced_chromium(tmp)),
                                               args=CHROMIUM_ARGS)
            floor = None
            if not args.no_floor:
                floor = await bench_voila(browser, tmp / "floor", bare_notebook(tmp / "bare"),
                                          args.n, ".widget-toggle-buttons button", args.over)
            room = await bench_room(browser, tmp, args.n, args.waves, args.over)
            naive = None
            if args.naive:
                naive = await bench_voila(browser, tmp / "naive",
                                          REPO / "notebooks" / "05_self_profile.ipynb",
                                          args.n, ".widget-toggle-buttons button", args.over)
            await browser.close()

    n = args.n
    when = f"arriving over {args.over:.0f} s" if args.over else "at once"
    print(f"== the room, {n} visitors opening 05 {when} (2 cores) ==")
    print(f"pages never interactive: {room['broken']} of {n} (target 0) {room['why'] or ''}")
    print(f"time to interactive (questionnaire on screen): {summary(room['ok'])}")
    print(f"room server CPU for the burst: {room['cpu']:.1f} s in {room['wall']:.1f} s, "
          f"{room['cpu'] / n:.2f} s per joiner (the rest of the 2 cores went to the {n} "
          f"browser pages drawing themselves); one process on one core (Python's GIL) "
          f"serves {1 / (room['cpu'] / n):.1f} joiners a second")
    firsts = [t for t in room["first"] if t is not None]
    print(f"time to first answer confirmed by the server: {summary(firsts)}")
    per = (room["pss_during"] - room["pss_before"]) / max(1, room["kernels"])
    print(f"memory: room process {room['pss_before'] / 1024:.0f} MB before, "
          f"{room['pss_during'] / 1024:.0f} MB with {n} connected "
          f"({room['kernels']} pages): {per / 1024:.1f} MB per connected trainee (PSS)")
    rtt = room["rtt"]
    if rtt:
        print(f"answer -> radar replaced, {n} connected ({len(rtt)} clicks): median "
              f"{statistics.median(rtt):.0f} ms, p95 {pct(rtt, 0.95):.0f} ms, "
              f"max {max(rtt):.0f} ms (target p95 < 250 ms)")
    print(f"a returning trainee found their answers: {'yes' if room['resumed'] else 'NO'}")
    if args.waves > 1:
        print(f"{args.waves - 1} more wave(s) of {n} new trainees: {room['later_broken']} "
              f"broken, time to interactive {summary(room['later_ok'])}")
    print(f"after each wave closed its pages: {room['kernels_left']} pages left; room "
          f"process " + ", ".join(f"{m / 1024:.0f}" for m in room["pss_after"]) + " MB "
          "(what stays is the allocator's and matplotlib's per-thread font cache, which "
          "is capped)")
    if floor is None:
        print("== floor: not run (--no-floor) ==")
    else:
        print(f"== floor: a bare ipywidgets + matplotlib notebook, plain Voila, {n} {when} ==")
        print(f"pages never interactive: {floor['broken']} of {n} {floor['why'] or ''}; time to "
              f"interactive: {summary(floor['ok'])}; IOPub timeouts in the log: "
              f"{floor['iopub_timeouts']}")
        print(f"server CPU (Voila and its kernels) for the burst: {floor['cpu']:.1f} s, "
              f"{floor['cpu'] / n:.2f} s per joiner; the room needs "
              f"{floor['cpu'] / max(room['cpu'], 0.01):.1f}x less; memory (PSS) "
              f"{floor['per'] / 1024:.0f} MB per joiner")
        if room["ok"] and floor["ok"]:
            ratio = pct(room["ok"], 0.95) / pct(floor["ok"], 0.95)
            print(f"room p95 / floor p95: {ratio:.2f} (target <= 1.5; under 10 s: "
                  f"{'yes' if pct(room['ok'], 0.95) < 10 else 'NO'})")
    if naive is not None:
        print(f"== naive: our 05 in plain Voila (make present), {n} {when} ==")
        print(f"pages never interactive: {naive['broken']} of {n} {naive['why'] or ''}; time "
              f"to interactive: {summary(naive['ok'])}; IOPub timeouts in the log: "
              f"{naive['iopub_timeouts']}; server CPU {naive['cpu'] / n:.2f} s and memory "
              f"{naive['per'] / 1024:.0f} MB (PSS) per joiner")
        if room["ok"] and naive["ok"]:
            print(f"naive p95 / room p95: "
                  f"{pct(naive['ok'], 0.95) / pct(room['ok'], 0.95):.1f}x slower")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_room")
    parser.add_argument("--n", type=int, default=30, help="visitors joining at once")
    parser.add_argument("--waves", type=int, default=3,
                        help="groups of N joining one after the other (memory over a day)")
    parser.add_argument("--over", type=float, default=0.0,
                        help="seconds over which the N arrive, evenly (default 0: at once)")
    parser.add_argument("--no-floor", action="store_true",
                        help="leave out the plain-Voila floor (at N = 100 its kernels alone "
                             "saturate a 2-core machine)")
    parser.add_argument("--naive", action="store_true",
                        help="also serve 05 the plain Voila way (slow: a kernel per page)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("bench_room: skipped, /usr/bin/chromium is absent (apt-get install chromium)")
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
