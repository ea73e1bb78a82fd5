"""Which requests are the room's own: its host names, the exact-origin rule, the headers
every answer carries.

Decisions:

- **Only the room's own host names** (:class:`Hosts`): the join address's host, this
  machine's loopback names and host name, and any the facilitator adds
  (``LVM_ROOM_HOSTS``, a comma-separated list, e.g. the name a proxy serves). Another
  name that happens to lead to the room (DNS rebinding: a site that points its own
  name at the room's address) is answered with a page naming the join address, and
  no trainee is made for it.
- **The exact origin, not SameSite.** A trainee's cookie is SameSite=Lax, which is
  sent from another port of the room's machine and from sibling hosts of the trust's
  domain (same-site is not same-origin). So a page connection (websocket) must carry
  an ``Origin`` equal to the room's own ``scheme://host:port``, and so must every
  request that is not a plain read (POST and the like); a form post without an
  ``Origin`` may show a same-origin ``Referer`` instead; ``null`` is refused.
- **Headers on every answer** (:func:`page_headers`, :func:`asset_headers`): a
  Content-Security-Policy that lets a page load and connect only to the room and be
  framed by nobody, ``nosniff``, and a strict referrer policy. Solara's front end
  compiles Vue templates at run time, so its pages need ``'unsafe-eval'`` and inline
  script; the room's own plain pages need neither. Anything that could be opened as a
  document (HTML, SVG, XML) from the static routes is sandboxed: it runs no script as
  the room.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["PLAIN_CSP", "Hosts", "asset_headers", "expected_origin", "header", "page_headers",
           "plain_headers", "same_origin_request", "same_origin_socket"]

Scope = dict[str, Any]
Headers = list[tuple[bytes, bytes]]

#: the room's own plain pages (resume form, refusals): its stylesheets, a form, nothing else
PLAIN_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'")

_COMMON: Headers = [(b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY")]
_DOCUMENT_TYPES = (b"text/html", b"image/svg", b"application/xhtml", b"text/xml",
                   b"application/xml")


def header(scope: Scope, name: bytes) -> str | None:
    """The first header ``name`` (lower case) of a request, or ``None``."""
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _host_name(host: str) -> str:
    """``Host`` header -> the name alone (no port, no brackets), lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Hosts:
    """The host names the room answers to."""

    def __init__(self, names: Iterable[str]):
        self.names = {_host_name(n) for n in names if n and n.strip()}

    @classmethod
    def for_room(cls, public_host: str, extra: str = "") -> Hosts:
        """The join address's host, loopback, this machine's names, and ``extra``
        (comma-separated, from ``LVM_ROOM_HOSTS``)."""
        names = {public_host, "127.0.0.1", "localhost", "::1"}
        name = socket.gethostname()
        names |= {name, f"{name}.local"}
        with contextlib.suppress(OSError):
            names.add(socket.getfqdn())
        names |= {n.strip() for n in extra.split(",")}
        return cls(names)

    def allows(self, scope: Scope) -> bool:
        host = header(scope, b"host")
        return host is not None and _host_name(host) in self.names


def expected_origin(scope: Scope) -> str:
    """The origin a page of this request's host would have: ``scheme://host[:port]``."""
    secure = scope.get("scheme") in ("https", "wss")
    return f"{'https' if secure else 'http'}://{(header(scope, b'host') or '').lower()}"


def same_origin_socket(scope: Scope) -> bool:
    """A page connection (websocket) opened by a page of the room itself."""
    origin = header(scope, b"origin")
    return origin is not None and origin.lower() == expected_origin(scope)


def same_origin_request(scope: Scope) -> bool:
    """A request that changes something (a post) sent by a page of the room itself:
    its ``Origin``, or, without one, its ``Referer``."""
    want = expected_origin(scope)
    origin = header(scope, b"origin")
    if origin is not None:
        return origin.lower() == want
    referer = header(scope, b"referer")
    if referer is None:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}".lower() == want


def page_headers(scope: Scope) -> Headers:
    """Headers of a Solara page: it may load from and connect to the room only."""
    socket_origin = expected_origin(scope).replace("http", "ws", 1)
    csp = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
           "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "font-src 'self' data:; "
           f"connect-src 'self' {socket_origin}; worker-src 'self' blob:; "
           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    return [(b"content-security-policy", csp.encode("latin-1")), *_COMMON]


def plain_headers(csp: str = PLAIN_CSP) -> Headers:
    """Headers of the room's own plain pages (and the rater's form, with its own CSP)."""
    return [(b"content-security-policy", csp.encode("latin-1")), *_COMMON]


def asset_headers(content_type: bytes | None) -> Headers:
    """Headers added to a static answer: ``nosniff``, and a sandbox for anything that a
    browser could open as a document."""
    extra: Headers = [(b"x-content-type-options", b"nosniff")]
    kind = (content_type or b"").lower()
    if not kind or kind.startswith(_DOCUMENT_TYPES):
        extra.append((b"content-security-policy", b"sandbox; default-src 'none'"))
    return extra
