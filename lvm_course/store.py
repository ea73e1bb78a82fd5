"""Autosave for everything a trainee does: one small JSON file per activity.

Files live in ``<LVM_COURSE_HOME>/answers/<activity>.json``; every change is written
at once, atomically, so closing the tab or restarting the kernel loses nothing. A
file that cannot be read (corrupt, from a crash of an old version) is moved aside as
``<name>.corrupt-<time>.json``, reported in ``.problem``, and the activity starts
clean: it never stops a notebook.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from .fileio import atomic_write_json, read_bounded
from .paths import home_dir

__all__ = ["Store"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}$")


class Store:
    """A dict of JSON values for one activity, saved on every change."""

    def __init__(self, name: str, folder: Path | str | None = None):
        if not _NAME.match(name):
            raise ValueError(f"store name {name!r}: use lowercase letters, digits, - and _")
        self.name = name
        self.folder = Path(folder) if folder is not None else home_dir() / "answers"
        self.path = self.folder / f"{name}.json"
        self.problem: str | None = None
        self._data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(read_bounded(self.path).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
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

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def as_dict(self) -> dict[str, Any]:
        """A copy of everything stored."""
        return json.loads(json.dumps(self._data))

    def set(self, key: str, value: Any) -> None:
        """Store one value (JSON-compatible) and save at once."""
        self._data[key] = value
        self._save()

    def update(self, values: dict[str, Any]) -> None:
        self._data.update(values)
        self._save()

    def clear(self) -> None:
        """Forget everything (the 'start over' button, after confirmation)."""
        self._data = {}
        self._save()

    def _save(self) -> None:
        atomic_write_json(self.path, self._data)
