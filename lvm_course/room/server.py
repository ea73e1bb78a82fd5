"""The room's HTTP layer, around Solara's own server (an ASGI middleware).

What it adds, and why here rather than in the pages:

- **The room's own requests only** (:mod:`.guard`): its host names; for a page
  connection (websocket) and for anything that is not a plain read, its exact origin;
  and on every answer a Content-Security-Policy, ``nosniff`` and no framing.
- **Identity on the first page.** An HttpOnly cookie can only be set by an HTTP
  response, so the first page a visitor opens gets their browser key here
  (:meth:`.identity.Room.join`); the page's websocket then carries it. Only a page
  that exists makes a trainee, at most ``joins_per_address`` per address in ten
  minutes (:class:`~.throttle.Rate`).
- **Pages per trainee, per address and per room** (:mod:`.capacity`): checked before
  a page is served (a clear page when a cap is full) and again when its connection
  names a new kernel.
- **Resume codes** (``/resume``): a plain HTML form that works without JavaScript on
  any phone. A right code sets this browser's key for that trainee; wrong codes slow
  the address that sends them (:class:`~.throttle.Throttle`), never anyone else.
- **The facilitator's key.** ``/facilitator?token=…`` (and ``/board``, ``/stage``)
  start a facilitator session (a cookie that ends), then redirect to the same page
  *without* the token, so the projector never shows it. Without a session these pages
  (and Solara's ``/resourcez``) answer 403/404 before Solara sees the request.
- **Feedback links** (``/rate/<token>``): a rater's form and its answer, for a trainee
  who invited them (:mod:`.rating`); no trainee cookie is read or set there.
- **The front-end packages** (``/_solara/cdn/``) from the install only (:mod:`.assets`).
- **Page fixes** Solara's template does not allow: ``<html lang="en">``, a viewport
  that lets people zoom (Solara's forbids it: an accessibility failure), and the
  room's stylesheet. A test checks them on the served page, so a Solara upgrade that
  changes its markup fails loudly instead of silently.

Trainee pages can reach nothing else of the room folder: no route here serves a
file from it, and Solara's static routes serve only package folders. Slow senders
and connection floods are cut off below this layer (:mod:`.protocol`).
"""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ..look import STYLESHEET
from . import guard
from .assets import PREFIX as ASSETS_PREFIX
from .assets import InstalledAssets
from .capacity import Pages
from .identity import SESSION_HOURS, Room, format_code, key_hash
from .limits import Limits
from .plain import plain_page, refusal
from .throttle import Rate, Throttle

__all__ = ["FACILITATOR_COOKIE", "TRAINEE_COOKIE", "RoomMiddleware", "fix_page", "read_body"]

TRAINEE_COOKIE = "lvm_trainee"
FACILITATOR_COOKIE = "lvm_facilitator"
#: A trainee's key lasts well beyond a workshop day (a follow-up session, weeks later).
TRAINEE_MAX_AGE = 180 * 24 * 3600
STATIC = Path(__file__).resolve().parent / "static"
_FACILITATOR_PAGES = ("/facilitator", "/board", "/stage")
_KERNEL_SOCKET = "/jupyter/api/kernels/"
_READS = ("GET", "HEAD", "OPTIONS")
#: Solara's own static routes: what they serve is never a page of the room
_STATIC_ROUTES = ("/static/", "/_solara/", "/jupyter/nbextensions/")

Scope = dict[str, Any]
Headers = list[tuple[bytes, bytes]]


def _cookies(scope: Scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001,S112 - a malformed cookie header is ignored
                continue
    return {k: m.value for k, m in jar.items()}


def _set_cookie(name: str, value: str, *, max_age: int, same_site: str) -> bytes:
    return (f"{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age}"
            .encode("latin-1"))


def _address(scope: Scope) -> str:
    return (scope.get("client") or ("?", 0))[0]


async def read_body(receive: Any, limit: int) -> bytes | None:
    """A request's body, cut at ``limit`` bytes; ``None`` if the client went away first
    (a slow body is cut off below, in :mod:`.protocol`)."""
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit or not message.get("more_body"):
            return body[:limit]


class RoomMiddleware:
    """Wraps Solara's ASGI app with the room's identity, keys, limits and page fixes.

    Args:
        app: Solara's ASGI app (or a stand-in in tests).
        room: the room folder.
        limits: what one visitor may take (default: :meth:`.Limits.from_env`).
        hosts: the host names the room answers to (default: any, for tests that do not
            care; :func:`.launch.serve` always names them).
        pages: the page registry (default: a new one over Solara's kernels).
        assets: where the front-end packages are (default: :func:`.assets.installed_folder`).
    """

    def __init__(self, app: Any, room: Room, *, limits: Limits | None = None,
                 hosts: guard.Hosts | None = None, pages: Pages | None = None,
                 assets: Path | None = None, part_ids: list[str] | None = None):
        self.app = app
        self.room = room
        self.limits = limits or Limits.from_env()
        self.hosts = hosts
        self.pages = pages or Pages(self.limits)
        self.resume_guesses = Throttle(self.limits.free_guesses)
        self.link_guesses = Throttle(self.limits.free_guesses)
        self.joins = Rate(self.limits.joins_per_address)
        self._assets = InstalledAssets(assets) if assets else None
        if part_ids is None:
            from .notebook import NOTEBOOKS

            part_ids = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")
                              if p.stem != "00_start_here")  # part 00 is "/" (app.py)
        self.trainee_pages = {"/"} | {f"/part/{i}" for i in part_ids} \
            | {f"/part/{i}/" for i in part_ids}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.hosts is not None and not self.hosts.allows(scope):
            if kind == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await self._respond(send, *refusal("This is not the room's address", (
                    "Open the join address your facilitator gave you."), 400))
            return
        if kind == "websocket":
            await self._socket(scope, receive, send)
            return
        if scope["method"] not in _READS and not guard.same_origin_request(scope):
            await self._respond(send, *refusal("Not allowed", (
                "This page can only be sent from the course's own pages."), 403))
            return
        path: str = scope["path"]
        cookies = _cookies(scope)
        facilitator = self.room.in_session(cookies.get(FACILITATOR_COOKIE))
        if path == "/resume":
            await self._resume(scope, receive, send)
        elif path.startswith("/room-static/"):
            await self._static(path.removeprefix("/room-static/"), send)
        elif path.startswith(ASSETS_PREFIX):
            await self._asset(scope, receive, send)
        elif path in _FACILITATOR_PAGES:
            await self._facilitator_page(scope, receive, send, facilitator)
        elif path.startswith("/rate/"):
            await self._rate(scope, receive, send, path.removeprefix("/rate/"))
        elif path == "/resourcez" and not facilitator:
            await self._not_found(send)
        elif path in self.trainee_pages and scope["method"] == "GET":
            await self._trainee_page(scope, receive, send, cookies)
        else:
            await self.app(scope, receive, self._adding_headers(scope, send))

    # --- who is asking ---------------------------------------------------------------
    def _owner(self, cookies: dict[str, str], address: str) -> tuple[str, str]:
        """``(owner, key hash)`` of a request: a trainee, the facilitator, or nobody yet
        (counted by address)."""
        key = cookies.get(TRAINEE_COOKIE)
        trainee = self.room.trainee_for_key(key)
        if trainee is not None:
            return f"trainee:{trainee.id}", key_hash(key)
        if self.room.in_session(cookies.get(FACILITATOR_COOKIE)):
            return "facilitator", ""
        return f"nobody:{address}", ""

    # --- pages -----------------------------------------------------------------------
    async def _trainee_page(self, scope: Scope, receive: Any, send: Any,
                            cookies: dict[str, str]) -> None:
        address = _address(scope)
        extra: Headers = []
        if self.room.trainee_for_key(cookies.get(TRAINEE_COOKIE)) is None:
            if self.room.trainee_count() >= self.limits.trainees:
                await self._respond(send, *refusal("The room is full", (
                    "This room has as many trainees as it can hold. Ask your "
                    "facilitator."), 503))
                return
            wait = self.joins.take(address)
            if wait:
                await self._respond(send, *refusal("Too many new visitors", (
                    "Too many new visitors have joined from this network address in the "
                    f"last few minutes. Wait {int(wait) + 1} seconds and reload, or use "
                    "your resume code on <a href='/resume'>Carry on from another "
                    "device</a>."), 429), [(b"retry-after", str(int(wait) + 1).encode())])
                return
            key, trainee = self.room.join()
            cookies = {**cookies, TRAINEE_COOKIE: key}
            extra.append((b"set-cookie", _set_cookie(TRAINEE_COOKIE, key,
                                                     max_age=TRAINEE_MAX_AGE,
                                                     same_site="Lax")))
        owner, _key = self._owner(cookies, address)
        if not await self._room_for_page(send, owner, address, extra):
            return
        await self._solara_page(scope, receive, send, extra)

    async def _room_for_page(self, send: Any, owner: str, address: str,
                             extra: Headers) -> bool:
        """Whether one more page may open (else a page saying which cap is full)."""
        full = await asyncio.to_thread(self.pages.room_for, owner, address)
        if full is None:
            return True
        text = {
            "owner": (f"You have {self.limits.pages_per_trainee} pages of the course open "
                      "on this device or your others, and all of them are still "
                      "connected. Close a tab you no longer need, then reload this page."),
            "address": ("Too many pages of the course are open from this network address. "
                        "Close a tab you no longer need, then reload this page, or tell "
                        "your facilitator."),
            "room": ("The room is serving as many pages as it can just now. Close a tab "
                     "you no longer need, then reload this page, or tell your "
                     "facilitator."),
        }[full]
        await self._respond(send, *refusal("Too many pages open", text, 429),
                            [(b"retry-after", b"30"), *extra])
        return False

    async def _facilitator_page(self, scope: Scope, receive: Any, send: Any,
                                signed_in: bool) -> None:
        path = scope["path"]
        token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        session = self.room.start_session(token[0]) if token else None
        if session is not None:
            cookie = _set_cookie(FACILITATOR_COOKIE, session, max_age=SESSION_HOURS * 3600,
                                 same_site="Strict")
            await self._respond(send, 303, b"", [(b"location", path.encode("latin-1")),
                                                 (b"set-cookie", cookie)])
        elif signed_in:
            if await self._room_for_page(send, "facilitator", _address(scope), []):
                await self._solara_page(scope, receive, send, [])
        else:
            await self._respond(send, *plain_page("For the facilitator only", (
                "<h1>For the facilitator only</h1><p>This page needs the facilitator's "
                "link. Trainees: <a href='/'>go to the course</a>.</p>"), 403))

    async def _solara_page(self, scope: Scope, receive: Any, send: Any,
                           extra: Headers) -> None:
        """Solara's page, with our headers added and its HTML fixed (see the module doc)."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        ours = guard.page_headers(scope)

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            names = {k for k, _ in ours} | {b"content-length", b"content-encoding"}
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in names]
            if any(k.lower() == b"content-type" and v.startswith(b"text/html")
                   for k, v in headers) and start.get("status") == 200:
                body = fix_page(body)
            headers += [(b"content-length", str(len(body)).encode()), *ours, *extra]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        # ask Solara for an uncompressed page: we change it before it leaves
        plain = {**scope, "headers": [(k, v) for k, v in scope.get("headers", [])
                                      if k.lower() != b"accept-encoding"]}
        await self.app(plain, receive, capture)

    def _adding_headers(self, scope: Scope, send: Any) -> Any:
        """``send`` for an answer passed through to Solara, adding the room's headers:
        a page's policy for a Solara page, a sandbox for a document on a static route."""
        static = scope["path"].startswith(_STATIC_ROUTES)

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                kind = next((v for k, v in headers if k.lower() == b"content-type"), None)
                if not static and kind is not None and kind.startswith(b"text/html"):
                    ours = guard.page_headers(scope)
                else:
                    ours = guard.asset_headers(kind)
                names = {k for k, _ in ours}
                message = {**message, "headers": [(k, v) for k, v in headers
                                                  if k.lower() not in names] + ours}
            await send(message)
        return with_headers

    # --- page connections ------------------------------------------------------------
    async def _socket(self, scope: Scope, receive: Any, send: Any) -> None:
        """A page connection: the room's own origin only, and within the page caps."""
        if not guard.same_origin_socket(scope):
            await send({"type": "websocket.close", "code": 1008})
            return
        path: str = scope["path"]
        if not path.startswith(_KERNEL_SOCKET):
            await self.app(scope, receive, send)
            return
        kernel_id = path.removeprefix(_KERNEL_SOCKET).split("/", 1)[0]
        address = _address(scope)
        owner, key = self._owner(_cookies(scope), address)
        full = await asyncio.to_thread(self.pages.admit, kernel_id, owner, address, key)
        if full is not None:
            await send({"type": "websocket.close", "code": 1008})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.pages.left(kernel_id)

    # --- responses -------------------------------------------------------------------
    async def _respond(self, send: Any, status: int, body: bytes,
                       headers: Headers | None = None,
                       content_type: bytes = b"text/html; charset=utf-8",
                       csp: str = guard.PLAIN_CSP) -> None:
        base = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"), *guard.plain_headers(csp)]
        await send({"type": "http.response.start", "status": status,
                    "headers": base + (headers or [])})
        await send({"type": "http.response.body", "body": body})

    async def _not_found(self, send: Any) -> None:
        await self._respond(send, *plain_page("Not found", "<h1>Not found</h1>", 404))

    async def _static(self, name: str, send: Any) -> None:
        files = {"room.css": STATIC / "room.css", "course.css": STYLESHEET}
        if name not in files:
            await self._not_found(send)
            return
        await self._respond(send, 200, files[name].read_bytes(),
                            content_type=b"text/css; charset=utf-8")

    async def _asset(self, scope: Scope, receive: Any, send: Any) -> None:
        if self._assets is None:
            from .assets import installed_folder

            self._assets = InstalledAssets(installed_folder())
        await self._assets(scope, receive, self._adding_headers(scope, send), self._not_found)

    async def _too_soon(self, send: Any, wait: float, text: str) -> None:
        seconds = int(wait) + 1
        await self._respond(send, *refusal("Too many tries", (
            f"Wait {seconds} second{'s' if seconds != 1 else ''}, then {text}"), 429),
            [(b"retry-after", str(seconds).encode())])

    # --- feedback links and resume codes --------------------------------------------
    async def _rate(self, scope: Scope, receive: Any, send: Any, token: str) -> None:
        """A rater's feedback link (:mod:`.rating`): no trainee cookie read or set."""
        from . import rating

        caller = _address(scope)
        wait = self.link_guesses.begin(caller)
        if wait:
            await self._too_soon(send, wait, "open the link again.")
            return
        status = 0
        try:
            if scope["method"] == "POST":
                body = await read_body(receive, 65536)
                if body is None:
                    return
                status, page = rating.submit(self.room, token, body)
            else:
                status, page = rating.form_page(self.room, token)
            await self._respond(send, status, page, csp=rating.CSP)
        finally:
            (self.link_guesses.failed if status == 404 else self.link_guesses.passed)(caller)

    async def _resume(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["method"] != "POST":
            await self._respond(send, *plain_page("Carry on from another device", _RESUME_FORM))
            return
        body = await read_body(receive, 4096)
        if body is None:
            return
        caller = _address(scope)
        wait = self.resume_guesses.begin(caller)
        if wait:
            await self._too_soon(send, wait, "try your code again, or ask your facilitator.")
            return
        typed = parse_qs(body.decode("utf-8", "replace")).get("code", [""])[0]
        found = self.room.resume(typed)
        if found is None:
            self.resume_guesses.failed(caller)
            await self._respond(send, *plain_page("Carry on from another device", (
                "<p class='lvm-error' role='alert'>That code was not found. Check it on "
                "your other device's start page and try again.</p>" + _RESUME_FORM), 400))
            return
        self.resume_guesses.passed(caller)
        key, trainee = found
        cookie = _set_cookie(TRAINEE_COOKIE, key, max_age=TRAINEE_MAX_AGE, same_site="Lax")
        await self._respond(send, *plain_page("Welcome back", (
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
