"""The room's live session, pushed into every page's own connection.

The room's process holds one :class:`~lvm_course.live.session.LiveSession` (kept in
``<room>/live/``). Each page that shows it (a trainee's banner, the stage, the
facilitator's controls) calls :func:`attach` while it is built: from then on every
change of the session redraws that page *on the page's own event loop*, inside its
own virtual kernel, which is how a Solara page may be changed from another thread
(``VirtualKernelContext.event_loop``). The browser never polls; the facilitator's
click runs in the facilitator's kernel and each page redraws in its own.

Decisions:

- **Coalesced.** A page has at most one redraw waiting: many answers arriving while
  a phone is busy become one redraw, which reads the session as it is by then.
- **Only what a page shows wakes it.** A trainee's banner is redrawn on room changes
  (asked, closed, revealed, approved), never on each answer; the stage and the
  controls also on answers (:data:`~lvm_course.live.session.COUNT`).
- **A dropped connection catches up.** A page whose loop is gone (its phone locked)
  misses the push; a sweeper retries such pages every two seconds, so a page that
  comes back shows what is open now. A closed page unsubscribes itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..content import load_course
from ..live.session import COUNT, LiveSession
from . import capacity

__all__ = ["attach", "connected_trainees", "install", "session"]

log = logging.getLogger("lvm_course.room.live")

_SESSION: LiveSession | None = None
_STALE: dict[str, Callable[[str], None]] = {}
_STALE_LOCK = threading.Lock()
_SWEEPER: threading.Thread | None = None
#: a redraw that has not run after this long is taken as lost (its loop stopped)
_LOST_AFTER = 5.0


def install(room_dir: Path) -> LiveSession:
    """Hold the room's live session (done once at start)."""
    global _SESSION
    _SESSION = LiveSession(load_course(), room_dir / "live")
    _start_sweeper()
    return _SESSION


def session() -> LiveSession:
    if _SESSION is None:
        raise RuntimeError("the room's live session is not installed")
    return _SESSION


def connected_trainees() -> int:
    """How many trainees have a page connected now (each counted once)."""
    registry = capacity.pages()
    return registry.connected_owners("trainee:") if registry is not None else 0


def attach(update: Callable[[], None], *, counts: bool = False) -> None:
    """Redraw the current page with ``update()`` after every session change (and, with
    ``counts``, after every answer too), on the page's own event loop."""
    from solara.server import kernel_context

    context = kernel_context.get_current_context()
    waiting = [0.0]  # when the redraw now waiting was scheduled (0: none)

    def run() -> None:
        waiting[0] = 0.0
        try:
            with context:
                update()
        except Exception:  # one page's trouble never stops the others'
            log.exception("a live redraw failed")

    def push(kind: str) -> None:
        if kind == COUNT and not counts:
            return
        now = time.monotonic()
        if waiting[0] and now - waiting[0] < _LOST_AFTER:
            return
        loop = context.event_loop
        if context.closed_event.is_set():
            return
        if loop.is_closed() or not loop.is_running():
            with _STALE_LOCK:
                _STALE[context.id] = push
            return
        waiting[0] = now
        try:
            loop.call_soon_threadsafe(run)
        except RuntimeError:  # closed between the check and the call
            waiting[0] = 0.0
            with _STALE_LOCK:
                _STALE[context.id] = push

    stop = session().subscribe(push)

    def forget() -> None:
        stop()
        with _STALE_LOCK:
            _STALE.pop(context.id, None)

    context.on_close(forget)


def _sweep_once() -> None:
    with _STALE_LOCK:
        stale = list(_STALE.items())
        _STALE.clear()
    for _cid, push in stale:
        push("room")  # back on the list if its loop is still gone


def _start_sweeper() -> None:
    global _SWEEPER
    if _SWEEPER is not None:
        return

    def loop() -> None:
        while True:
            time.sleep(2.0)
            try:
                _sweep_once()
            except Exception:
                log.exception("the live sweeper failed")

    _SWEEPER = threading.Thread(target=loop, daemon=True, name="live-sweeper")
    _SWEEPER.start()
