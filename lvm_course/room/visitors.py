"""Which visitor each room page belongs to: the room's answer to "whose folder is this?".

Solara serves every page from one process and runs each page in a *virtual kernel*
(its own widgets, its own thread while it handles a message). When a page starts,
:func:`enter` records the visitor's folder under that kernel's id; the resolver
installed in :mod:`..paths` looks it up for every call made on that page, so the
store, the profile, sharing and exports need no change to work for many people at
once. When the page closes, :func:`leave` forgets the page and its profile session.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .. import paths

__all__ = ["active_pages", "current_key", "enter", "install", "leave", "resolve"]

_PAGES: dict[str, Path] = {}
_KEYS: dict[str, str] = {}  # page -> the browser key it was opened with (trainees only)
_LOCK = threading.Lock()


def _context_id() -> str | None:
    from solara.server import kernel_context

    if not kernel_context.has_current_context():
        return None
    return kernel_context.get_current_context().id


def resolve() -> tuple[str, Path] | None:
    """``(page id, folder)`` for the page behind the current call, or ``None``."""
    cid = _context_id()
    if cid is None:
        return None
    with _LOCK:
        home = _PAGES.get(cid)
    return (cid, home) if home is not None else None


def enter(home: Path, key: str | None = None) -> None:
    """Say that the current page works in ``home``, opened with browser ``key`` (a
    trainee's; forgotten when the page closes)."""
    from solara.server import kernel_context

    context = kernel_context.get_current_context()
    with _LOCK:
        known = context.id in _PAGES
        _PAGES[context.id] = home
        if key is not None:
            _KEYS[context.id] = key
    if not known:
        context.on_close(lambda cid=context.id: leave(cid))


def leave(cid: str) -> None:
    """Forget a closed page: its folder and its profile session (with its listeners)."""
    from ..widgets.session import forget_scope

    with _LOCK:
        _PAGES.pop(cid, None)
        _KEYS.pop(cid, None)
    forget_scope(cid)


def current_key() -> str | None:
    """The browser key of the trainee's page behind the current call, or ``None``."""
    cid = _context_id()
    with _LOCK:
        return _KEYS.get(cid) if cid is not None else None


def active_pages() -> int:
    """How many room pages are open now (for the facilitator and the bench)."""
    with _LOCK:
        return len(_PAGES)


def install() -> None:
    """Make :func:`..paths.home_dir` answer from the room's pages (done once at start)."""
    paths.set_visitor_resolver(resolve)
