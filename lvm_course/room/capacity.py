"""How many pages (virtual kernels) each trainee, each address and the room may hold.

A Solara page is a virtual kernel in the room's process (about 6 MB with a part's
widgets), made when the page's connection first names a new kernel id; the kernel id
is chosen by the browser, so without a cap one browser can make kernels without end
(20 at once took the room from 135 to 249 MB, and they stayed after it left).

The room's HTTP layer asks :meth:`Pages.admit` before a page connection reaches
Solara, and :meth:`Pages.room_for` before it serves a page, so a trainee at the cap
gets a page that says so instead of a page that never connects.

Decisions:

- **Three caps** (:class:`~.limits.Limits`): per owner (a trainee over all their
  devices; the facilitator; or, for a page with no identity, its address), per
  address, and for the room.
- **A page that lost its connection gives way first.** A kernel whose connection has
  gone is kept for the cull time so a phone that locked its screen carries on
  seamlessly. When an owner (or an address, or the room) is at its cap and opens
  another page, its oldest such kernels are closed to make room, since that trainee
  is evidently somewhere else now, and their answers are on disk anyway. Only when
  every page in the way is still connected is the new one refused.
- **A reconnect is never refused**: a kernel that exists already is the same page
  coming back (Solara checks it is the same browser session), so it is not counted
  again.
- **Signed out means closed**: when a trainee's other browsers are signed out (a new
  resume code), their open pages are closed (:meth:`Pages.close_other_keys`).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .limits import Limits

__all__ = ["Kernels", "Pages", "SolaraKernels", "pages", "set_pages"]


class Kernels(Protocol):
    """What :class:`Pages` needs to know of the engine's kernels."""

    def alive(self, kernel_id: str) -> bool: ...

    def close(self, kernel_id: str) -> None: ...


class SolaraKernels:
    """Solara's virtual kernels (``solara.server.kernel_context.contexts``)."""

    def alive(self, kernel_id: str) -> bool:
        from solara.server import kernel_context

        context = kernel_context.contexts.get(kernel_id)
        return context is not None and not context.closed_event.is_set()

    def close(self, kernel_id: str) -> None:
        from solara.server import kernel_context

        context = kernel_context.contexts.get(kernel_id)
        if context is not None:
            context.close(reason="evicted")


@dataclass
class _Page:
    kernel_id: str
    owner: str
    address: str
    key: str  # the hash of the browser key that opened it ("" for none)
    order: int
    sockets: int = 0  # its open connections


class Pages:
    """The room's pages, by owner and address, and the caps on them."""

    def __init__(self, limits: Limits, kernels: Kernels | None = None):
        self.limits = limits
        self.kernels = kernels or SolaraKernels()
        self._pages: dict[str, _Page] = {}
        self._lock = threading.Lock()
        self._order = itertools.count()

    # --- what is held ----------------------------------------------------------------
    def _live(self, page: _Page) -> bool:
        return page.sockets > 0 or self.kernels.alive(page.kernel_id)

    def _prune(self) -> None:
        for kid in [k for k, p in self._pages.items() if not self._live(p)]:
            del self._pages[kid]

    def held(self, *, owner: str | None = None, address: str | None = None) -> int:
        """Pages held now, by ``owner`` or from ``address`` if given, else in the room."""
        with self._lock:
            self._prune()
            return len(self._among(self._pages.values(), owner, address))

    def connected_owners(self, prefix: str = "") -> int:
        """How many owners (whose name starts with ``prefix``) have a page connected."""
        with self._lock:
            return len({p.owner for p in self._pages.values()
                        if p.sockets > 0 and p.owner.startswith(prefix)})

    @staticmethod
    def _among(pages: Iterable[_Page], owner: str | None, address: str | None) -> list[_Page]:
        return [p for p in pages if (owner is None or p.owner == owner)
                and (address is None or p.address == address)]

    # --- making room -----------------------------------------------------------------
    def _scopes(self, owner: str, address: str) -> list[tuple[str, str | None, str | None, int]]:
        return [("owner", owner, None, self.limits.pages_per_trainee),
                ("address", None, address, self.limits.pages_per_address),
                ("room", None, None, self.limits.pages)]

    def _make_room(self, owner: str, address: str) -> tuple[str | None, list[str]]:
        """Which cap is still full after giving way (or ``None``), and the kernels to
        close for it (called under the lock; the kernels are closed outside it)."""
        self._prune()
        evict: list[str] = []
        for name, who, where, cap in self._scopes(owner, address):
            held = [p for p in self._among(self._pages.values(), who, where)
                    if p.kernel_id not in evict]
            gone = sorted((p for p in held if p.sockets == 0), key=lambda p: p.order)
            over = len(held) - cap + 1
            if over > 0:
                if len(gone) < over:
                    return name, []
                evict += [p.kernel_id for p in gone[:over]]
        return None, evict

    def _close(self, kernel_ids: list[str]) -> None:
        for kid in kernel_ids:
            self.kernels.close(kid)
            with self._lock:
                self._pages.pop(kid, None)

    def room_for(self, owner: str, address: str) -> str | None:
        """Before serving a page: ``None`` if ``owner`` at ``address`` may open one more
        (disconnected pages in the way are closed), else the full cap: ``"owner"``,
        ``"address"`` or ``"room"``."""
        with self._lock:
            full, evict = self._make_room(owner, address)
        self._close(evict)
        return full

    def admit(self, kernel_id: str, owner: str, address: str, key: str = "") -> str | None:
        """A page connection naming ``kernel_id``: ``None`` to let it through (it is then
        counted until :meth:`left`), else the full cap. A reconnect is always let through,
        unless another owner's kernel is named."""
        with self._lock:
            known = self._pages.get(kernel_id)
            if known is not None and self._live(known):
                if known.owner != owner:
                    return "owner"
                known.sockets += 1
                return None
            if self.kernels.alive(kernel_id):  # a kernel from before we counted: adopt it
                evict, full = [], None
            else:
                full, evict = self._make_room(owner, address)
            if full is None:
                self._pages[kernel_id] = _Page(kernel_id, owner, address, key,
                                               next(self._order), sockets=1)
        self._close(evict)
        return full

    def left(self, kernel_id: str) -> None:
        """A page connection that :meth:`admit` let through has closed."""
        with self._lock:
            page = self._pages.get(kernel_id)
            if page is not None:
                page.sockets = max(page.sockets - 1, 0)

    def close_other_keys(self, owner: str, kept_key: str) -> int:
        """Close ``owner``'s pages opened with any browser key but ``kept_key``."""
        with self._lock:
            doomed = [p.kernel_id for p in self._pages.values()
                      if p.owner == owner and p.key != kept_key]
        self._close(doomed)
        return len(doomed)


_PAGES: Pages | None = None


def set_pages(registry: Pages | None) -> None:
    """The room's registry (set once when the room's HTTP layer starts)."""
    global _PAGES
    _PAGES = registry


def pages() -> Pages | None:
    return _PAGES

