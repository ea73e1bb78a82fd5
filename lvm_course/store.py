"""Autosave for everything a trainee does: one small JSON file per activity.

Files live in ``<home>/answers/<activity>.json`` (see :func:`~.paths.home_dir`); every
change is written at once, atomically, so closing the tab or restarting the kernel
loses nothing. A file that cannot be read (corrupt, from a crash of an old version) is
moved aside as ``<name>.corrupt-<time>.json``, reported in ``.problem``, and the
activity starts clean: it never stops a notebook.

**Several pages, one trainee.** A trainee may have the same activity open twice: two
tabs, or a laptop and a phone joined with the resume code. Each write is therefore a
small transaction: under a lock, the file is read again if it changed since this page
last saw it, the change is applied to what is on disk, and the result is written.
A stale page never overwrites what another page saved; it only adds its own change.
The lock is a thread lock per file plus ``flock`` where the system has it, so it
holds between the room's threads and between Jupyter kernels alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .fileio import atomic_write_json, read_bounded
from .paths import home_dir

try:  # POSIX only; elsewhere the thread lock alone guards one process
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["Store"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path, threading.Lock())


class Store:
    """A dict of JSON values for one activity, saved on every change."""

    def __init__(self, name: str, folder: Path | str | None = None):
        if not _NAME.match(name):
            raise ValueError(f"store name {name!r}: use lowercase letters, digits, - and _")
        self.name = name
        self.folder = Path(folder) if folder is not None else home_dir() / "answers"
        self.path = self.folder / f"{name}.json"
        self.problem: str | None = None
        self._seen: tuple[int, int, int] | None = None
        self._data: dict[str, Any] = self._read()

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _load(self) -> dict[str, Any]:
        data = json.loads(read_bounded(self.path).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            stamp = self._stamp()
            data = self._load()
            self._seen = stamp
            return data
        except (OSError, ValueError, RecursionError) as exc:  # JSON/Unicode errors are ValueError
            aside = self.path.with_name(f"{self.name}.corrupt-{int(time.time())}.json")
            try:
                self.path.replace(aside)
                kept = f" (kept as {aside.name})"
            except OSError:
                kept = ""
            self.problem = (f"Your saved answers for '{self.name}' could not be read "
                            f"({type(exc).__name__}){kept}; starting afresh.")
            return {}

    def refresh(self) -> None:
        """Read the file again if another page or process saved it since (the room's
        server records a rater's answer while the trainee's page is open)."""
        with self._locked():
            stamp = self._stamp()
            if stamp is not None and stamp != self._seen:
                with contextlib.suppress(OSError, ValueError, RecursionError):
                    self._data = self._load()
                    self._seen = stamp

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def as_dict(self) -> dict[str, Any]:
        """A copy of everything stored."""
        return json.loads(json.dumps(self._data))

    def set(self, key: str, value: Any) -> None:
        """Store one value (JSON-compatible) and save at once."""
        self.transact(lambda data: data.__setitem__(key, value))

    def update(self, values: dict[str, Any]) -> None:
        self.transact(lambda data: data.update(values))

    def clear(self) -> None:
        """Forget everything (the 'start over' button, after confirmation)."""
        self.transact(lambda data: data.clear())

    def transact(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply ``change`` to the latest saved data and save it, under the file's lock.

        Returns a copy of what was saved (which may include another page's changes).
        """
        with self._locked():
            stamp = self._stamp()
            if stamp is not None and stamp != self._seen:
                with contextlib.suppress(OSError, ValueError, RecursionError):
                    self._data = self._load()  # another page saved meanwhile: build on it
            change(self._data)
            atomic_write_json(self.path, self._data)
            self._seen = self._stamp()
        return self.as_dict()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with _thread_lock(self.path):
            if fcntl is None:
                yield
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock
