"""A stand-in for Solara behind the room's HTTP layer (tests of ``RoomMiddleware``).

It serves a page shaped like Solara's for every path and records the paths it was
asked for, so a test can tell what the middleware refused before Solara saw it.
The ``room`` and ``client`` fixtures (tests/conftest.py) put it behind a real
``RoomMiddleware`` with Starlette's test client.
"""

from __future__ import annotations

SOLARA_PAGE = (b'<!doctype html>\n<html>\n<head><meta name="viewport" content="width=device-'
               b'width, initial-scale=1, maximum-scale=1, user-scalable=no, minimal-ui">'
               b"</head><body>solara page</body></html>")


async def fake_solara(scope, receive, send):
    """Serves a Solara-like page for every path; records what it was asked."""
    fake_solara.seen.append(scope["path"])
    body = SOLARA_PAGE if scope["path"] != "/static/x.js" else b"js"
    kind = b"text/html; charset=utf-8" if body is SOLARA_PAGE else b"text/javascript"
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", kind),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


fake_solara.seen = []


class StandInKernels:
    """The kernels of the stand-in: none ever lives on after its connection (see
    :class:`lvm_course.room.capacity.Kernels`); what was closed is recorded."""

    def __init__(self) -> None:
        self.living: set[str] = set()
        self.closed: list[str] = []

    def alive(self, kernel_id: str) -> bool:
        return kernel_id in self.living

    def close(self, kernel_id: str) -> None:
        self.living.discard(kernel_id)
        self.closed.append(kernel_id)
