"""Attack: holding the room's connections open by sending slowly (slowloris).

Before, a request with unfinished headers, or a ``POST /resume`` that sent 7 of 4000
promised bytes, was still open after 30 s. Now headers must arrive within
``LVM_ROOM_HEADER_TIMEOUT`` and a body within ``LVM_ROOM_BODY_TIMEOUT`` (2 s each
here), and one address holds at most ``LVM_ROOM_CONNECTIONS_PER_ADDRESS`` connections.
"""

from __future__ import annotations

import contextlib
import select
import socket
import time

from .conftest import joined
from .probes import host_port, http


def _held_for(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closed ``sock`` (``limit`` if it never did)."""
    started = time.monotonic()
    sock.settimeout(0.5)
    while time.monotonic() - started < limit:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - started
    return limit


def _still_open(socks: list[socket.socket], within: float) -> int:
    """How many of ``socks`` the server has not closed ``within`` seconds from now."""
    closed: set[int] = set()
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([s for s in socks if s.fileno() not in closed], [], [],
                                       left)
        for s in readable:
            try:
                if s.recv(4096) == b"":
                    closed.add(s.fileno())
            except OSError:
                closed.add(s.fileno())
        if not readable:
            break
    return len(socks) - len(closed)


def _connect(room, source: str) -> socket.socket:
    return socket.create_connection(host_port(room.url), timeout=5, source_address=(source, 0))


def test_unfinished_headers_are_cut_off(room, figure):
    with _connect(room, "127.0.0.51") as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        held = _held_for(s, 12)
    figure("5a unfinished headers", f"connection held {held:.1f} s")
    assert held < 6


def test_a_body_that_never_arrives_is_cut_off(room, figure):
    host, port = host_port(room.url)
    with _connect(room, "127.0.0.52") as s:
        s.sendall(f"POST /resume HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {room.url}\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  "Content-Length: 4000\r\n\r\ncode=AB".encode())
        held = _held_for(s, 12)
    figure("5b POST with 7 of 4000 bytes", f"connection held {held:.1f} s")
    assert held < 6


def test_one_address_cannot_hold_every_connection(room, figure):
    """Idle connections past the cap are closed at once; another trainee still joins."""
    held = []
    try:
        for _ in range(40):
            with contextlib.suppress(OSError):
                s = _connect(room, "127.0.0.53")
                s.sendall(b"GET / HTTP/1.1\r\n")
                held.append(s)
        alive = _still_open(held, 0.5)
        figure("5c 40 slow connections from one address", f"{alive} still open")
        assert alive <= 12
        assert joined(room, source="127.0.0.54")  # the room still answers others
    finally:
        for s in held:
            s.close()


def test_a_slow_trainee_does_not_hold_up_the_others(room):
    with _connect(room, "127.0.0.55") as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x")
        started = time.monotonic()
        assert http(room.url, "GET", "/readyz", source="127.0.0.56").status == 200
        assert time.monotonic() - started < 2
