"""The room's HTTP layer, around Solara's own server (an ASGI middleware).

What it adds, and why here rather than in the pages:

- **Identity on the first request.** An HttpOnly cookie can only be set by an HTTP
  response, so the first page a visitor opens gets their browser key here
  (:meth:`.identity.Room.join`); the page's websocket then carries it.
- **Resume codes** (``/resume``): a plain HTML form that works without JavaScript on
  any phone. A right code sets this browser's key for that trainee; wrong codes are
  throttled per address and overall (:class:`Throttle`), and the form only accepts
  posts from its own origin.
- **The facilitator's key.** ``/facilitator?token=…`` and ``/board?token=…`` set the
  facilitator cookie, then redirect to the same page *without* the token, so the
  projector never shows it. Without the key both pages (and Solara's ``/resourcez``)
  answer 403/404 before Solara sees the request.
- **Feedback links** (``/rate/<token>``): a rater's form and its answer, for a trainee
  who invited them (:mod:`.rating`); no trainee cookie is read or set there.
- **Page fixes** Solara's template does not allow: ``<html lang="en">``, a viewport
  that lets people zoom (Solara's forbids it: an accessibility failure), and the
  room's stylesheet. A test checks them on the served page, so a Solara upgrade that
  changes its markup fails loudly instead of silently.

Trainee pages can reach nothing else of the room folder: no route here serves a
file from it, and Solara's static routes serve only package folders.
"""

from __future__ import annotations

import html
import threading
import time
from collections import deque
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ..look import STYLESHEET
from .identity import Room, format_code

__all__ = ["FACILITATOR_COOKIE", "RoomMiddleware", "TRAINEE_COOKIE", "Throttle"]

TRAINEE_COOKIE = "lvm_trainee"
FACILITATOR_COOKIE = "lvm_facilitator"
#: A trainee's key lasts well beyond a workshop day (a follow-up session, weeks later).
TRAINEE_MAX_AGE = 180 * 24 * 3600
STATIC = Path(__file__).resolve().parent / "static"
_FACILITATOR_PAGES = ("/facilitator", "/board")
_TRAINEE_PAGES = ("/", "/part/")

Scope = dict[str, Any]


class Throttle:
    """Refuse a caller after ``per_caller`` failures in ``window`` seconds, and everyone
    after ``overall`` failures in the same window (many addresses guessing at once)."""

    def __init__(self, per_caller: int = 10, overall: int = 200, window: float = 600.0):
        self.per_caller, self.overall, self.window = per_caller, overall, window
        self._failures: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._lock = threading.Lock()

    def _trim(self, q: deque[float], now: float) -> None:
        while q and now - q[0] > self.window:
            q.popleft()

    def blocked(self, caller: str) -> bool:
        now = time.monotonic()
        with self._lock:
            self._trim(self._all, now)
            q = self._failures.get(caller, deque())
            self._trim(q, now)
            return len(q) >= self.per_caller or len(self._all) >= self.overall

    def failed(self, caller: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures.setdefault(caller, deque()).append(now)
            self._all.append(now)


def _cookies(scope: Scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001,S112 - a malformed cookie header is ignored
                continue
    return {k: m.value for k, m in jar.items()}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _set_cookie(name: str, value: str, *, max_age: int | None, same_site: str) -> bytes:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", f"SameSite={same_site}"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts).encode("latin-1")


def _page(title: str, body: str, status: int = 200) -> tuple[int, bytes]:
    doc = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<link rel="icon" href="data:,"><title>{html.escape(title)}</title>'
           f'<link rel="stylesheet" href="/room-static/course.css">'
           f'<link rel="stylesheet" href="/room-static/room.css"></head>'
           f'<body class="lvm-plain"><main class="lvm-main" aria-label="{html.escape(title)}">'
           f"{body}</main></body></html>")
    return status, doc.encode("utf-8")


class RoomMiddleware:
    """Wraps Solara's ASGI app with the room's identity, keys and page fixes."""

    def __init__(self, app: Any, room: Room, throttle: Throttle | None = None):
        self.app = app
        self.room = room
        self.throttle = throttle or Throttle()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        cookies = _cookies(scope)
        facilitator = self.room.is_facilitator(cookies.get(FACILITATOR_COOKIE))
        if path == "/resume":
            await self._resume(scope, receive, send)
        elif path.startswith("/room-static/"):
            await self._static(path.removeprefix("/room-static/"), send)
        elif path in _FACILITATOR_PAGES:
            token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
            if token and self.room.is_facilitator(token[0]):
                cookie = _set_cookie(FACILITATOR_COOKIE, token[0], max_age=None,
                                     same_site="Strict")
                await self._redirect(send, path, [(b"set-cookie", cookie)])
            elif facilitator:
                await self._solara_page(scope, receive, send, [])
            else:
                await self._respond(send, *_page("For the facilitator only", (
                    "<h1>For the facilitator only</h1><p>This page needs the facilitator's "
                    "link. Trainees: <a href='/'>go to the course</a>.</p>"), 403))
        elif path.startswith("/rate/"):
            await self._rate(scope, receive, send, path.removeprefix("/rate/"))
        elif path == "/resourcez" and not facilitator:
            await self._respond(send, *_page("Not found", "<h1>Not found</h1>", 404))
        elif path == "/" or path.startswith("/part/"):
            extra = []
            if self.room.trainee_for_key(cookies.get(TRAINEE_COOKIE)) is None:
                key, _trainee = self.room.join()
                extra.append((b"set-cookie", _set_cookie(TRAINEE_COOKIE, key,
                                                         max_age=TRAINEE_MAX_AGE,
                                                         same_site="Lax")))
            await self._solara_page(scope, receive, send, extra)
        else:
            await self.app(scope, receive, send)

    # --- responses -------------------------------------------------------------------
    async def _respond(self, send: Any, status: int, body: bytes,
                       headers: list[tuple[bytes, bytes]] | None = None,
                       content_type: bytes = b"text/html; charset=utf-8") -> None:
        base = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"same-origin")]
        await send({"type": "http.response.start", "status": status,
                    "headers": base + (headers or [])})
        await send({"type": "http.response.body", "body": body})

    async def _redirect(self, send: Any, location: str,
                        headers: list[tuple[bytes, bytes]]) -> None:
        await self._respond(send, 303, b"", [(b"location", location.encode("latin-1"))]
                            + headers)

    async def _static(self, name: str, send: Any) -> None:
        files = {"room.css": STATIC / "room.css", "course.css": STYLESHEET}
        if name not in files:
            await self._respond(send, *_page("Not found", "<h1>Not found</h1>", 404))
            return
        await self._respond(send, 200, files[name].read_bytes(),
                            content_type=b"text/css; charset=utf-8")

    async def _solara_page(self, scope: Scope, receive: Any, send: Any,
                           extra: list[tuple[bytes, bytes]]) -> None:
        """Solara's page, with our headers added and its HTML fixed (see the module doc)."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", [])
                       if k.lower() not in (b"content-length", b"content-encoding")]
            if any(k.lower() == b"content-type" and v.startswith(b"text/html")
                   for k, v in headers) and start.get("status") == 200:
                body = fix_page(body)
            headers += [(b"content-length", str(len(body)).encode())] + extra
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        # ask Solara for an uncompressed page: we change it before it leaves
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])
                                      if k.lower() != b"accept-encoding"]}
        await self.app(plain, receive, capture)

    async def _body(self, receive: Any, limit: int) -> bytes:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > limit or not message.get("more_body"):
                return body[:limit]

    async def _rate(self, scope: Scope, receive: Any, send: Any, token: str) -> None:
        """A rater's feedback link (:mod:`.rating`): no trainee cookie read or set."""
        from . import rating

        caller = (scope.get("client") or ("?", 0))[0]
        headers = [(b"content-security-policy", rating.CSP.encode("ascii"))]
        if self.throttle.blocked(caller):
            await self._respond(send, *_page("Too many tries", (
                "<h1>Too many tries</h1><p>Wait a few minutes, then open the link "
                "again.</p>"), 429))
            return
        if scope["method"] == "POST":
            origin, host = _header(scope, b"origin"), _header(scope, b"host")
            if origin not in (None, "null") and host is not None and \
                    origin.split("://", 1)[-1] != host:
                await self._respond(send, *_page("Not allowed", "<h1>Not allowed</h1>", 403))
                return
            status, body = rating.submit(self.room, token, await self._body(receive, 65536))
        else:
            status, body = rating.form_page(self.room, token)
        if status == 404:
            self.throttle.failed(caller)
        await self._respond(send, status, body, headers)

    async def _resume(self, scope: Scope, receive: Any, send: Any) -> None:
        caller = (scope.get("client") or ("?", 0))[0]
        if scope["method"] != "POST":
            await self._respond(send, *_page("Carry on from another device", _RESUME_FORM))
            return
        origin, host = _header(scope, b"origin"), _header(scope, b"host")
        if origin is not None and host is not None and origin.split("://", 1)[-1] != host:
            await self._respond(send, *_page("Not allowed", "<h1>Not allowed</h1>", 403))
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > 4096 or not message.get("more_body"):
                break
        if self.throttle.blocked(caller):
            await self._respond(send, *_page("Too many tries", (
                "<h1>Too many tries</h1><p>Wait a few minutes, then try again, or ask your "
                "facilitator.</p>"), 429))
            return
        typed = parse_qs(body[:4096].decode("utf-8", "replace")).get("code", [""])[0]
        found = self.room.resume(typed)
        if found is None:
            self.throttle.failed(caller)
            await self._respond(send, *_page("Carry on from another device", (
                "<p class='lvm-error' role='alert'>That code was not found. Check it on "
                "your other device's start page and try again.</p>" + _RESUME_FORM), 400))
            return
        key, trainee = found
        cookie = _set_cookie(TRAINEE_COOKIE, key, max_age=TRAINEE_MAX_AGE, same_site="Lax")
        await self._respond(send, *_page("Welcome back", (
            f"<h1>Welcome back</h1><p>This browser now carries on with resume code "
            f"<strong>{format_code(trainee.resume_code)}</strong>.</p>"
            "<p><a class='lvm-button' href='/'>Go to the course</a></p>")),
            [(b"set-cookie", cookie)])


_RESUME_FORM = (
    "<h1>Carry on from another device</h1>"
    "<p>Your resume code is on the start page of the device you used before.</p>"
    "<form method='post' action='/resume'>"
    "<label for='code'>Resume code</label>"
    "<input id='code' name='code' autocomplete='off' autocapitalize='characters' "
    "spellcheck='false' maxlength='20' required placeholder='ABCDE-FGHJK'>"
    "<button type='submit'>Carry on</button></form>"
    "<p><a href='/'>Back to the course</a></p>")


def fix_page(body: bytes) -> bytes:
    """Solara's page with a language, zoom allowed, and the room's stylesheet."""
    text = body.decode("utf-8")
    text = text.replace("<html>", '<html lang="en">', 1)
    text = text.replace('content="width=device-width, initial-scale=1, maximum-scale=1, '
                        'user-scalable=no, minimal-ui"',
                        'content="width=device-width, initial-scale=1"', 1)
    text = text.replace("</head>", '<link rel="stylesheet" href="/room-static/course.css">'
                        '<link rel="stylesheet" href="/room-static/room.css">\n</head>', 1)
    return text.encode("utf-8")
