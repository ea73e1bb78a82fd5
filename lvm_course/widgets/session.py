"""One trainee's questionnaire answers, shared by the activities of 05 and 06.

The answers are autosaved in ``Store("questionnaire")`` on every change, and the
profile file ``<home>/profile.json`` is rewritten with them, so a closed tab or a
restarted kernel loses nothing and ``lvm-course score ~/.lvm_course/profile.json``
always sees the latest answers. Activities register a listener to redraw when the
answers change (the questionnaire and the results panel stay in step).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..content import Course
from ..paths import home_dir
from ..profile import Profile, clean_label, new_profile, save_profile
from ..scoring import Scores, score, validate_answers
from ..store import Store
from .common import get_course

__all__ = ["ProfileSession", "forget_sessions", "session"]

_SESSIONS: dict[Path, ProfileSession] = {}


class ProfileSession:
    """Answers, label and scores of the trainee working in this kernel."""

    def __init__(self, course: Course, store: Store | None = None):
        self.course = course
        self.store = store or Store("questionnaire")
        self.problem = self.store.problem
        raw = self.store.get("answers", {})
        try:
            self.answers: dict[str, int] = validate_answers(course, raw)
        except Exception:  # answers to items an author has since removed: keep the rest
            self.answers = {k: v for k, v in raw.items() if course.has_item(k)
                            and isinstance(v, int) and 1 <= v <= 5}
        self.created = self.store.get("created") or datetime.now(UTC).isoformat(
            timespec="seconds")
        self._listeners: list[Callable[[ProfileSession], None]] = []
        self._scores: Scores | None = None

    @property
    def label(self) -> str | None:
        return self.store.get("label")

    @property
    def profile_path(self) -> Path:
        return self.store.folder.parent / "profile.json"

    @property
    def scores(self) -> Scores:
        if self._scores is None:
            self._scores = score(self.course, self.answers)
        return self._scores

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def complete(self) -> bool:
        return self.scores.balance is not None

    def profile(self) -> Profile:
        created = datetime.fromisoformat(self.created)
        return new_profile(self.course, self.answers, self.label, created)

    def set_answer(self, item_id: str, value: int | None) -> None:
        """Record (or with ``None`` clear) one answer, save, and tell the listeners."""
        if value is None:
            self.answers.pop(item_id, None)
        else:
            self.answers.update(validate_answers(self.course, {item_id: value}))
        self._changed()

    def set_label(self, label: Any) -> None:
        self.store.set("label", clean_label(label))
        self._save_profile()

    def clear(self) -> None:
        """Start over: forget every answer (the caller asks for confirmation)."""
        self.answers = {}
        self.created = datetime.now(UTC).isoformat(timespec="seconds")
        self._changed()

    def observe(self, callback: Callable[[ProfileSession], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        self._scores = None
        self.store.update({"answers": self.answers, "created": self.created})
        self._save_profile()
        for callback in list(self._listeners):
            callback(self)

    def _save_profile(self) -> None:
        save_profile(self.profile(), self.profile_path)


def session(course: Course | None = None) -> ProfileSession:
    """The session for the current home folder (one per kernel and folder)."""
    key = home_dir().resolve()
    found = _SESSIONS.get(key)
    if found is None:
        found = _SESSIONS[key] = ProfileSession(course or get_course())
    return found


def forget_sessions() -> None:
    """Drop the in-kernel sessions, as a kernel restart does (used by tests)."""
    _SESSIONS.clear()
