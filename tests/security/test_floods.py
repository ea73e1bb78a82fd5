"""Attack: taking the room's memory and folders from one address.

Before, every cookieless request for a page address made a trainee (100 GETs of
``/part/x1..x100``, each a 404, made 100 folders in 3.3 s) and one browser could open
pages without end (20 at once: kernels 1 -> 21, held after it left). Now a trainee is
made only by a page that exists, at most ``LVM_ROOM_JOINS_PER_ADDRESS`` per address
in ten minutes, and pages are capped per trainee, per address and overall; a trainee
at the cap first gets back their own pages that lost their connection.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from .conftest import joined
from .probes import http, open_page


def trainee_folders(room) -> int:
    return sum(1 for _ in (room.root / "trainees").iterdir())


def kernels(room, facilitator) -> dict:
    got = http(room.url, "GET", "/resourcez", headers={"Cookie": facilitator})
    assert got.status == 200, got.status
    return json.loads(got.body)["kernels"]


def test_addresses_that_are_not_pages_make_no_trainee(room, figure):
    before = trainee_folders(room)
    started = time.monotonic()
    statuses = {http(room.url, "GET", f"/part/x{i}", source="127.0.0.31").status
                for i in range(1, 101)}
    made = trainee_folders(room) - before
    figure("3a 100 cookieless 404s", f"{made} trainee folders made in "
           f"{time.monotonic() - started:.1f} s (statuses {sorted(statuses)})")
    assert made == 0


def test_one_address_cannot_make_trainees_without_end(room, figure):
    before = trainee_folders(room)
    answers = [http(room.url, "GET", "/", source="127.0.0.32") for _ in range(30)]
    made = trainee_folders(room) - before
    refused = [a for a in answers if a.status == 429]
    figure("3b 30 cookieless joins from one address", f"{made} trainees made, "
           f"{len(refused)} refused with 429")
    assert made == 5 and len(refused) == 25  # LVM_ROOM_JOINS_PER_ADDRESS=5
    assert "Too many new visitors" in refused[0].text and refused[0].header("retry-after")
    # a trainee at another address, at the same moment, joins as usual
    assert joined(room, source="127.0.0.33")


def pss_mb(pid: int) -> float:
    """The room process's proportional set size, in MB."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_one_trainee_cannot_open_pages_without_end(room, facilitator, figure):
    cookie = joined(room, source="127.0.0.34")
    start, memory = kernels(room, facilitator)["total"], pss_mb(room.proc.pid)
    opened = [open_page(room.url, cookie=cookie, origin=room.url, listen=0.3,
                        source="127.0.0.34") for _ in range(20)]
    held = kernels(room, facilitator)["total"] - start
    taken = sum(p.opened for p in opened)
    figure("3c one cookie opens 20 pages", f"{taken} opened, kernels +{held} "
           f"(cap LVM_ROOM_PAGES_PER_TRAINEE=4), server {memory:.0f} -> "
           f"{pss_mb(room.proc.pid):.0f} MB")
    assert held <= 4
    # pages whose connection is gone are given back when the trainee opens a new one
    again = open_page(room.url, cookie=cookie, origin=room.url, source="127.0.0.34")
    assert again.opened and again.mentions("resume code")
    assert kernels(room, facilitator)["total"] - start <= 4


def test_the_page_says_so_when_a_trainee_has_too_many_open(room):
    """At the cap with every page still connected, the next page is a clear message."""
    from websockets.sync.client import connect  # noqa: F401 - the probes' client

    cookie = joined(room, source="127.0.0.35")
    # four pages that stay connected: their sockets are kept open for the check
    held = [open_page(room.url, cookie=cookie, origin=room.url, listen=0.2,
                      source="127.0.0.35", keep=True) for _ in range(4)]
    try:
        page = http(room.url, "GET", "/part/01_two_roles", headers={"Cookie": cookie},
                    source="127.0.0.35")
        assert page.status == 429 and "open on this device" in page.text
        refused = open_page(room.url, cookie=cookie, origin=room.url, listen=0.5,
                            source="127.0.0.35")
        assert not refused.opened
    finally:
        for p in held:
            p.close()


def test_one_address_cannot_open_pages_without_end(room, facilitator):
    """Many trainees' cookies from one address (made elsewhere) still meet the address cap."""
    cookies = [joined(room, source=f"127.0.1.{i}") for i in range(1, 6)]
    start = kernels(room, facilitator)["total"]
    for cookie in cookies:
        for _ in range(3):
            open_page(room.url, cookie=cookie, origin=room.url, listen=0.2,
                      source="127.0.0.36")
    assert kernels(room, facilitator)["total"] - start <= 8  # LVM_ROOM_PAGES_PER_ADDRESS
