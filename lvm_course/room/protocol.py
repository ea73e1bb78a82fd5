"""The room's HTTP connections: deadlines for slow senders, a cap per address.

uvicorn gives a request as long as it likes to send its headers and its body, and
lets one address open as many connections as it likes, so a client that sends one
byte every few seconds (slowloris) holds a connection, and a few hundred of them
hold the room. :func:`protocol_for` makes uvicorn's own HTTP/1.1 protocol (h11) the
room's, adding:

- **a header deadline**: from a connection's first byte (or its opening) to the end of
  a request's headers, at most ``header_timeout`` seconds; each further request on a
  kept-alive connection starts its own (uvicorn's keep-alive timeout covers the quiet
  time between requests);
- **a body deadline**: from the end of the headers to the end of the body, at most
  ``body_timeout`` seconds;
- **connections per address**: a new connection beyond ``connections_per_address``
  from one address is closed at once (a browser opens about six per site). When the
  room is behind a proxy, the proxy's own address is not capped.

A request cut off by a deadline is answered ``408 Request Timeout`` and closed. A
page connection, once upgraded to a websocket, is no longer an HTTP connection here:
the page caps (:mod:`.capacity`) and the websocket pings cover it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .limits import Limits

__all__ = ["protocol_for"]

_TIMEOUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"connection: close\r\ncontent-length: 42\r\n\r\n"
            b"The request took too long to arrive. Retry")


def protocol_for(limits: Limits, proxies: frozenset[str] = frozenset()) -> type[H11Protocol]:
    """uvicorn's h11 protocol with the room's deadlines and per-address cap (a class per
    room, holding the count of open connections per address)."""
    open_from: Counter[str] = Counter()

    class RoomHTTP(H11Protocol):
        _address = ""
        _counted = False
        _timer: asyncio.TimerHandle | None = None
        _phase = ""  # "headers" or "body": what the timer waits for

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._address = self.client[0] if self.client else ""
            if self._address not in proxies:
                if open_from[self._address] >= limits.connections_per_address:
                    transport.close()
                    return
                open_from[self._address] += 1
                self._counted = True
            self._watch("headers")

        def _uncount(self) -> None:
            if self._counted:
                self._counted = False
                open_from[self._address] -= 1
                if open_from[self._address] <= 0:
                    del open_from[self._address]

        def _watch(self, phase: str) -> None:
            if self._phase == phase:
                return
            self._stop_watching()
            self._phase = phase
            wait = limits.header_timeout if phase == "headers" else limits.body_timeout
            self._timer = self.loop.call_later(wait, self._too_slow)

        def _stop_watching(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
            self._timer, self._phase = None, ""

        def _too_slow(self) -> None:
            self._timer = None
            if self.transport.is_closing():
                return
            if self.cycle is None or not self.cycle.response_started:
                self.transport.write(_TIMEOUT)
            if self.cycle is not None:
                self.cycle.disconnected = True
                self.cycle.message_event.set()
            self.transport.close()

        def _follow(self) -> None:
            """Start, move or stop the deadline by where the request has got to."""
            state = self.conn.their_state
            if state is h11.SEND_BODY:
                self._watch("body")
            elif state is h11.IDLE and self.conn.our_state is h11.IDLE:
                if self._phase == "headers" or self.timeout_keep_alive_task is None:
                    self._watch("headers")
            else:
                self._stop_watching()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if not self.transport.is_closing():
                self._follow()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._stop_watching()  # the keep-alive timer waits for the next request

        def handle_websocket_upgrade(self, event: h11.Request) -> None:
            self._stop_watching()
            self._uncount()
            super().handle_websocket_upgrade(event)

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_watching()
            self._uncount()
            super().connection_lost(exc)

    return RoomHTTP
