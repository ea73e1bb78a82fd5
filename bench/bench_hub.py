"""The course on a real JupyterHub: N trainees log in and open 05 at the same moment.

Starts the hub the test suite uses (``bench/hubkit.py``: ``tests/hub/jupyterhub_config.py``
with the course's settings from ``deploy/lvm_hub.py``, configurable-http-proxy, local
processes) with N trainees (default 20). Each trainee, in a headless Chromium context of
their own, submits the hub's login form at the same moment; the hub starts their server
and sends them on to ``/voila/render/lvm-course/05_self_profile.ipynb``. It prints:

- **time to interactive**, median / p95 / max: from the login form submitted to the
  questionnaire's first answer confirmed by their own kernel ("1 of 24 answered"); and
  the same for **one trainee alone** (the floor: the hub idle), with the ratio;
- **memory per user (PSS)**: each user's single-user server with its Voila kernel, and
  then (``--lab``, default on) with 06 also open in JupyterLab in a second tab (a
  second kernel; five trainees open it at a time); PSS
  divides shared pages between the processes that share them, so a library mapped by
  all N is counted once. The naive way, summing RSS, counts it N times: printed with
  the ratio, as what a sizing from ``ps`` or ``top`` would overstate;
- **hub and proxy overhead**: the hub process, configurable-http-proxy and the idle
  culler: memory (PSS) and CPU seconds over the burst, against the users' servers'.

Each trainee has a Chromium of their own (one browser caps connections per host, which
would make trainees queue behind each other), at the lowest CPU priority (``nice 19``)
so the hub and the servers get the two cores first, as with trainees on their own
devices; the pages still draw on the same two cores, which is part of every time below.

Run: ``python bench/bench_hub.py [--n 20] [--no-lab]``. Not a test; the test suite
runs the ten-trainee journey (tests/hub/test_hub_journey.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hubkit import start_hub  # noqa: E402
from roomkit import CHROMIUM, CHROMIUM_ARGS, cpu_seconds, pss_kib  # noqa: E402

NB = "lvm-course"
READY = "1 of 24 answered"


def _kib(pid: int, field: str) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            "utf-8", "replace")
    return ""


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
    return out


def parts(hub) -> dict[str, list[int]]:
    """The hub's own process, the proxy, the culler, and each user's server (a tree)."""
    found: dict[str, list[int]] = {"hub": [hub.proc.pid], "proxy": [], "culler": [],
                                   "servers": []}
    for child in _children(hub.proc.pid):
        cmd = _cmdline(child)
        if "configurable-http-proxy" in cmd:
            found["proxy"].append(child)
        elif "jupyterhub_idle_culler" in cmd:
            found["culler"].append(child)
        elif "jupyterhub-singleuser" in cmd:
            found["servers"].append(child)
    return found


def tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def memory(hub) -> dict[str, float]:
    """MB: PSS per user server tree (median), RSS of the same (naive), hub/proxy/culler."""
    p = parts(hub)
    per_pss = [pss_kib(s) / 1024 for s in p["servers"]]
    per_rss = [sum(_kib(q, "Rss") for q in tree(s)) / 1024 for s in p["servers"]]
    return {"n": len(p["servers"]),
            "user_pss": statistics.median(per_pss) if per_pss else 0.0,
            "user_pss_max": max(per_pss, default=0.0),
            "users_pss": sum(per_pss), "users_rss": sum(per_rss),
            "hub": _kib(hub.proc.pid, "Pss") / 1024,
            "proxy": sum(pss_kib(q) for q in p["proxy"]) / 1024,
            "culler": sum(pss_kib(q) for q in p["culler"]) / 1024}


def cpu(hub) -> dict[str, float]:
    p = parts(hub)
    own = cpu_seconds(hub.proc.pid) - sum(cpu_seconds(q) for q in _children(hub.proc.pid))
    return {"hub": own, "proxy": sum(cpu_seconds(q) for q in p["proxy"]),
            "servers": sum(cpu_seconds(q) for q in p["servers"])}


async def launch(pw):
    """A Chromium of its own, at the lowest CPU priority."""
    browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                       headless=True)
    with contextlib.suppress(OSError):
        for pid in [q for q in tree(os.getpid()) if "chrom" in _cmdline(q).split(" ")[0]]:
            os.setpriority(os.PRIO_PROCESS, pid, 19)
    return browser


async def open_05(pw, hub, user: str, timeout_s: float) -> float | None:
    """Log in through the form, land on 05, answer item 1: seconds, or None if never.

    Each trainee has a browser of their own, as on their own device: Chromium allows
    six connections to one host across all the contexts of one browser, and twenty
    trainees' spawn-progress streams and Voila pages would queue behind each other.
    """
    browser = await launch(pw)
    hub.browsers.append(browser)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await ctx.new_page()
    after = "/hub/spawn?next=" + quote(f"/user/{user}/voila/render/{NB}/"
                                       "05_self_profile.ipynb", safe="")
    await page.goto(f"{hub.url}/hub/login?next={quote(after, safe='')}")
    await page.fill("#username_input", user)
    await page.fill("#password_input", hub.passwords[user])
    started = time.monotonic()
    await page.click("#login_submit", no_wait_after=True)
    try:
        first = page.locator(".widget-toggle-buttons").filter(
            has=page.locator(".widget-label").get_by_text("Item 1", exact=True))
        await first.get_by_role("button", name="Often", exact=True).click(
            timeout=timeout_s * 1000)
        await page.get_by_text(READY).first.wait_for(timeout=timeout_s * 1000)
        took = time.monotonic() - started
    except Exception:  # noqa: BLE001 - a page that never became interactive is counted
        took = None
        where = page.url.split("?")[0].replace(hub.url, "")
        with contextlib.suppress(Exception):
            text = " ".join((await page.locator("body").inner_text(timeout=5000)).split())
            where += f" | {text[:100]}"
        hub.stuck.append(where)
    hub.pages[user] = (ctx, page)
    return took


async def open_06_lab(hub, ctx_page, user: str, timeout_s: float) -> bool:
    ctx, _ = ctx_page
    page = await ctx.new_page()  # a second tab: 05 stays open in the first
    try:
        await page.goto(f"{hub.url}/user/{user}/lab/tree/{NB}/06_action_plan.ipynb?reset",
                        wait_until="domcontentloaded")
        await page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout_s * 1000)
        for _ in range(6):
            await page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            await page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
            with contextlib.suppress(Exception):
                await page.get_by_text("1. Choose one to three dimensions to grow").first\
                    .wait_for(timeout=30_000)
                return True
    except Exception:  # noqa: BLE001, S110 - counted as not opened
        pass
    return False


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def main_async(args: argparse.Namespace) -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        hub = start_hub(Path(tmp) / "hub", n_trainees=args.n + 1)
        hub.pages, hub.stuck, hub.browsers = {}, [], []
        try:
            async with async_playwright() as pw:
                alone = await open_05(pw, hub, hub.trainees[-1], args.timeout)
                await asyncio.sleep(2)
                before_mem, before_cpu = memory(hub), cpu(hub)
                t0 = time.monotonic()
                times = await asyncio.gather(*[open_05(pw, hub, u, args.timeout)
                                               for u in hub.trainees[:args.n]])
                burst = time.monotonic() - t0
                await asyncio.sleep(3)
                after_cpu, mem_05 = cpu(hub), memory(hub)
                lab_ok, mem_lab = None, None
                if args.lab:
                    results = []
                    for k in range(0, args.n, 5):  # five Lab pages at a time
                        results += await asyncio.gather(*[
                            open_06_lab(hub, hub.pages[hub.trainees[j]], hub.trainees[j],
                                        args.timeout)
                            for j in range(k, min(k + 5, args.n))])
                    lab_ok = sum(results)
                    await asyncio.sleep(3)
                    mem_lab = memory(hub)
                for browser in hub.browsers:
                    await browser.close()
        finally:
            hub.stop()

    ok = [t for t in times if t is not None]
    print(f"hub bench: {args.n} trainees log in and open 05 through /voila/render/ at once "
          f"(2 cores, {time.strftime('%Y-%m-%d')})")
    print(f"  never interactive: {args.n - len(ok)} of {args.n}")
    for where in hub.stuck:
        print(f"    stuck at {where}")
    if ok:
        med, p95 = statistics.median(ok), pct(ok, 0.95)
        print(f"  time to interactive (login submitted -> first answer saved): median "
              f"{med:.1f} s, p95 {p95:.1f} s, max {max(ok):.1f} s (burst {burst:.1f} s)")
        if alone:
            print(f"  one trainee alone (floor): {alone:.1f} s; burst p95 / floor "
                  f"{p95 / alone:.1f}x")
    served = mem_05["n"] - before_mem["n"]
    print(f"  memory per user, 05 open (server + Voila kernel, PSS): median "
          f"{mem_05['user_pss']:.0f} MB, max {mem_05['user_pss_max']:.0f} MB "
          f"({mem_05['n']} servers)")
    print(f"  naive sizing (RSS summed, shared libraries counted per process): "
          f"{mem_05['users_rss']:.0f} MB vs PSS {mem_05['users_pss']:.0f} MB: "
          f"{mem_05['users_rss'] / max(mem_05['users_pss'], 1):.2f}x overstated")
    if mem_lab:
        print(f"  memory per user, 05 in Voila + 06 in JupyterLab (two kernels, PSS): "
              f"median {mem_lab['user_pss']:.0f} MB, max {mem_lab['user_pss_max']:.0f} MB "
              f"({lab_ok} of {args.n} Lab pages ran 06); RSS/PSS "
              f"{mem_lab['users_rss'] / max(mem_lab['users_pss'], 1):.2f}x")
    print(f"  hub overhead (PSS): hub {mem_05['hub']:.0f} MB, proxy {mem_05['proxy']:.0f} MB, "
          f"culler {mem_05['culler']:.0f} MB, for {served} new servers")
    d = {k: after_cpu[k] - before_cpu[k] for k in after_cpu}
    total = max(sum(d.values()), 1e-9)
    print(f"  CPU over the burst: hub {d['hub']:.1f} s, proxy {d['proxy']:.1f} s, users' "
          f"servers and kernels {d['servers']:.1f} s: hub + proxy "
          f"{(d['hub'] + d['proxy']) / total:.0%} of it, "
          f"{(d['hub'] + d['proxy']) / max(len(ok), 1):.2f} s per login")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_hub")
    parser.add_argument("--n", type=int, default=20, help="trainees logging in at once")
    parser.add_argument("--no-lab", dest="lab", action="store_false",
                        help="skip opening 06 in JupyterLab for every trainee")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per page")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit("bench_hub needs /usr/bin/chromium")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
