"""One trainee's questionnaire answers, shared by the activities of 05 and 06.

The answers are autosaved in ``Store("questionnaire")`` on every change, and the
profile file ``<home>/profile.json`` is rewritten with them, so a closed tab or a
restarted kernel loses nothing and ``lvm-course score ~/.lvm_course/profile.json``
always sees the latest answers. Activities register a listener to redraw when the
answers change (the questionnaire and the results panel stay in step).

Each answer is saved as a one-item change to what is on disk
(:meth:`~..store.Store.transact`), so a second tab or device of the same trainee
adds to the answers instead of overwriting them. Sessions are kept per page scope
(:func:`~..paths.visitor_scope`): in the room each page has its own, and the room
drops a page's sessions (and their listeners) when the page closes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..content import Course
from ..paths import home_dir, visitor_scope
from ..profile import Profile, clean_label, new_profile, save_profile
from ..scoring import Scores, score, validate_answers
from ..store import Store
from .common import get_course

__all__ = ["ProfileSession", "forget_scope", "forget_sessions", "session"]

_SESSIONS: dict[tuple[str | None, Path], ProfileSession] = {}


class ProfileSession:
    """Answers, label and scores of the trainee working in this kernel."""

    def __init__(self, course: Course, store: Store | None = None):
        self.course = course
        self.store = store or Store("questionnaire")
        self.problem = self.store.problem
        self.answers: dict[str, int] = self._valid(self.store.get("answers", {}))
        self.created = self.store.get("created") or datetime.now(UTC).isoformat(
            timespec="seconds")
        self._listeners: list[Callable[[ProfileSession], None]] = []
        self._scores: Scores | None = None

    def _valid(self, raw: Any) -> dict[str, int]:
        if not isinstance(raw, dict):
            return {}
        try:
            return validate_answers(self.course, raw)
        except Exception:  # answers to items an author has since removed: keep the rest
            return {k: v for k, v in raw.items() if self.course.has_item(k)
                    and isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5}

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
        new = None if value is None else validate_answers(self.course, {item_id: value})

        def change(data: dict[str, Any]) -> None:
            answers = data.get("answers")
            answers = dict(answers) if isinstance(answers, dict) else {}
            if new is None:
                answers.pop(item_id, None)
            else:
                answers.update(new)
            data["answers"] = answers
            data.setdefault("created", self.created)

        saved = self.store.transact(change)
        self.answers = self._valid(saved.get("answers"))
        self.created = saved.get("created") or self.created
        self._changed()

    def set_label(self, label: Any) -> None:
        self.store.set("label", clean_label(label))
        self._save_profile()

    def clear(self) -> None:
        """Start over: forget every answer (the caller asks for confirmation)."""
        self.answers = {}
        self.created = datetime.now(UTC).isoformat(timespec="seconds")
        self.store.update({"answers": {}, "created": self.created})
        self._changed()

    def observe(self, callback: Callable[[ProfileSession], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        self._scores = None
        self._save_profile()
        for callback in list(self._listeners):
            callback(self)

    def _save_profile(self) -> None:
        save_profile(self.profile(), self.profile_path)


def session(course: Course | None = None) -> ProfileSession:
    """The session for the current home folder (one per page scope and folder)."""
    key = (visitor_scope(), home_dir().resolve())
    found = _SESSIONS.get(key)
    if found is None:
        found = _SESSIONS[key] = ProfileSession(course or get_course())
    return found


def forget_sessions() -> None:
    """Drop the in-kernel sessions, as a kernel restart does (used by tests)."""
    _SESSIONS.clear()


def forget_scope(scope: str) -> None:
    """Drop the sessions of one page (the room calls this when a page closes)."""
    for key in [k for k in _SESSIONS if k[0] == scope]:
        _SESSIONS.pop(key, None)
