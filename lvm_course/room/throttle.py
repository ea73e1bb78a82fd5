"""Slowing down guessing, and counting what each address starts, without locking anyone out.

Two kinds of secret can be guessed at in a room: resume codes (``/resume``) and
feedback links (``/rate/<token>``). Each route has its own :class:`Throttle`, so
guessing at one never slows the other.

Decisions:

- **Slow the guesser, never refuse a right answer outright.** An address gets
  ``free`` wrong tries in ten minutes; after that, each further try must wait after
  the one before it, 2 s, then 4, 8, ... up to a minute. A try that comes sooner is
  answered "wait N seconds" (429, ``Retry-After``) *without being checked*, so
  waiting is the only way on and an early try teaches the guesser nothing. A right
  code from an address that is not guessing is always checked at once: the old
  single room-wide cap let 20 addresses x 10 wrong codes refuse every right code for
  ten minutes.
- **One try at a time per address** once it is being slowed, so a guesser cannot
  send a hundred tries in the same instant between two waits.
- **Why this is enough.** A resume code has 50 bits: with 300 trainees a guess hits
  someone with odds of 1 in 3.7 x 10^12. An address that waits a minute per try gets
  1,440 tries a day; even 1,000 addresses (a whole hospital network, all guessing)
  get 1.4 million, about 1 chance in 2.6 million of one hit a day. Feedback links
  carry 256 bits. What the throttle adds is that guessing is visibly slow and cheap
  for the room.
- **Bounded memory.** Addresses that have been quiet for ten minutes are forgotten.

:class:`Rate` counts how many things (new trainees) one address started in a window,
for a plain cap.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Rate", "Throttle"]

WINDOW = 600.0


@dataclass
class _Caller:
    failures: deque[float] = field(default_factory=deque)
    last_try: float = float("-inf")
    busy: bool = False


class Throttle:
    """Wrong tries per caller (an address): ``free`` of them at once, then a doubling wait."""

    def __init__(self, free: int = 10, *, window: float = WINDOW, first_wait: float = 2.0,
                 longest_wait: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.free, self.window = free, window
        self.first_wait, self.longest_wait = first_wait, longest_wait
        self._clock = clock
        self._callers: dict[str, _Caller] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def _sweep(self, now: float) -> None:
        """Forget callers with no failure in the window (at most once a window)."""
        if now - self._swept < self.window:
            return
        self._swept = now
        for name in [n for n, c in self._callers.items()
                     if not c.busy and (not c.failures or now - c.failures[-1] > self.window)]:
            del self._callers[name]

    def _wait_after(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.first_wait * 2 ** (failures - self.free), self.longest_wait)

    def begin(self, caller: str) -> float:
        """``0`` if ``caller``'s try may be checked now (then report it with :meth:`failed`
        or :meth:`passed`), else the seconds it must wait first (its try is not checked)."""
        now = self._clock()
        with self._lock:
            self._sweep(now)
            c = self._callers.setdefault(caller, _Caller())
            while c.failures and now - c.failures[0] > self.window:
                c.failures.popleft()
            gap = self._wait_after(len(c.failures))
            if gap:
                if c.busy:
                    return max(gap - (now - c.last_try), 1.0)
                if now - c.last_try < gap:
                    return gap - (now - c.last_try)
            c.last_try, c.busy = now, bool(gap)
            return 0.0

    def failed(self, caller: str) -> None:
        """The try :meth:`begin` allowed was wrong."""
        now = self._clock()
        with self._lock:
            c = self._callers.setdefault(caller, _Caller())
            c.failures.append(now)
            c.busy = False

    def passed(self, caller: str) -> None:
        """The try :meth:`begin` allowed was right (its earlier failures stay counted)."""
        with self._lock:
            c = self._callers.get(caller)
            if c is not None:
                c.busy = False

    def callers(self) -> int:
        """How many addresses are remembered (for tests of the memory bound)."""
        with self._lock:
            return len(self._callers)


class Rate:
    """At most ``limit`` events per caller in ``window`` seconds."""

    def __init__(self, limit: int, *, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic):
        self.limit, self.window = limit, window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._swept = clock()

    def take(self, caller: str) -> float:
        """Count one event for ``caller`` and return ``0``, or, at the limit, count
        nothing and return the seconds until the oldest event leaves the window."""
        now = self._clock()
        with self._lock:
            if now - self._swept >= self.window:
                self._swept = now
                for name in [n for n, q in self._events.items()
                             if not q or now - q[-1] > self.window]:
                    del self._events[name]
            q = self._events.setdefault(caller, deque())
            while q and now - q[0] > self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(self.window - (now - q[0]), 1.0)
            q.append(now)
            return 0.0
