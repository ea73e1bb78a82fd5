"""What the attack tests send: raw HTTP from a chosen loopback address, and a Solara page
connection opened by hand (the Jupyter messages a Solara page sends to start its app).

Linux routes the whole of 127.0.0.0/8 to loopback, so binding a client socket to
127.0.0.2, 127.0.0.3, ... gives a test as many real, distinct client addresses as it
needs, without leaving the machine.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from websockets.exceptions import InvalidStatus, WebSocketException
from websockets.sync.client import connect


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def raw_request(url: str, request: bytes, *, source: str = "127.0.0.1",
                timeout: float = 10.0) -> bytes:
    """Send ``request`` (bytes, as written) from ``source``; the whole answer, to close."""
    host, port = host_port(url)
    with socket.create_connection((host, port), timeout=timeout,
                                  source_address=(source, 0)) as s:
        s.sendall(request)
        chunks = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := s.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Answer:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        found = self.headers.get(name.lower())
        return found[0] if found else None

    def cookie(self, name: str) -> str | None:
        for value in self.headers.get("set-cookie", []):
            if value.startswith(f"{name}="):
                return value.split(";", 1)[0].split("=", 1)[1]
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http(url: str, method: str = "GET", path: str = "/", *, body: bytes = b"",
         headers: dict[str, str] | None = None, source: str = "127.0.0.1",
         timeout: float = 20.0) -> Answer:
    """One HTTP/1.1 request (``Connection: close``) from ``source``, parsed."""
    host, port = host_port(url)
    head = {"Host": f"{host}:{port}", "Connection": "close", **(headers or {})}
    if body or method == "POST":
        head.setdefault("Content-Type", "application/x-www-form-urlencoded")
        head["Content-Length"] = str(len(body))
    lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in head.items()]
    raw = raw_request(url, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body,
                      source=source, timeout=timeout)
    head_raw, _, rest = raw.partition(b"\r\n\r\n")
    first, *header_lines = head_raw.decode("latin-1").split("\r\n")
    status = int(first.split()[1]) if first.startswith("HTTP/") else 0
    parsed: dict[str, list[str]] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed.setdefault(name.strip().lower(), []).append(value.strip())
    return Answer(status, parsed, rest)


@dataclass
class PageConnection:
    """What a hand-opened Solara page connection got."""

    opened: bool
    status: int | None = None  # the handshake's refusal, if refused
    messages: list[str] = field(default_factory=list)
    socket: Any = field(default=None, repr=False)  # kept open when asked (``keep``)

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()

    def mentions(self, text: str) -> bool:
        return any(text in m for m in self.messages)


def _msg(msg_type: str, content: dict, session: str) -> str:
    return json.dumps({
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                   "username": "", "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
        "buffers": []})


def open_page(url: str, *, path: str = "/", cookie: str | None = None,
              origin: str | None = None, kernel_id: str | None = None,
              listen: float = 4.0, source: str = "127.0.0.1",
              host_name: str | None = None, keep: bool = False) -> PageConnection:
    """Open a Solara page connection as a Solara page does (a new virtual kernel, then
    the ``solara.control`` comm asking to run the app at ``path``) and collect what
    arrives in ``listen`` seconds. ``cookie`` and ``origin`` are sent as given
    (``origin=None`` sends no Origin at all); ``host_name`` is the Host it names (the
    connection itself always goes to ``url``); with ``keep`` the connection stays open
    (close it with :meth:`PageConnection.close`)."""
    host, port = host_port(url)
    kernel_id = kernel_id or str(uuid.uuid4())
    session = str(uuid.uuid4())
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    if origin is not None:
        headers["Origin"] = origin
    address = (f"ws://{host_name or host}:{port}/jupyter/api/kernels/{kernel_id}/channels"
               f"?session_id={session}")
    sock = socket.create_connection((host, port), timeout=10, source_address=(source, 0))
    stack = contextlib.ExitStack()
    try:
        ws = stack.enter_context(connect(address, sock=sock, additional_headers=headers,
                                         origin=None, open_timeout=10, compression=None))
    except InvalidStatus as exc:
        sock.close()
        return PageConnection(False, exc.response.status_code)
    except (WebSocketException, OSError):
        sock.close()
        return PageConnection(False, None)
    got = PageConnection(True)
    comm = uuid.uuid4().hex
    try:
        ws.send(_msg("comm_open", {"comm_id": comm, "target_name": "solara.control",
                                   "data": {}}, session))
        ws.send(_msg("comm_msg", {"comm_id": comm, "data": {
            "method": "run", "args": {"path": path, "appName": "__default__"}}}, session))
        deadline = time.monotonic() + listen
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = ws.recv(timeout=left)
            except TimeoutError:
                break
            got.messages.append(message if isinstance(message, str)
                                else message.decode("utf-8", "replace"))
    except (WebSocketException, OSError):
        pass
    if keep:
        got.socket = stack
    else:
        stack.close()
    return got
