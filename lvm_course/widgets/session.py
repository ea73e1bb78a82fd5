"""One trainee's questionnaire answers, shared by the activities of 05 and 06.

The answers are autosaved in ``Store("questionnaire")`` on every change, and the
profile file ``<home>/profile.json`` is rewritten with them, so a closed tab or a
restarted kernel loses nothing and ``lvm-course score ~/.lvm_course/profile.json``
always sees the latest answers. Activities register a listener to redraw when the
answers change (the questionnaire and the results panel stay in step).

**"Not applicable" is kept apart from the answers.** An item marked ``may_not_apply``
can be answered "Not applicable to my role" (when a colleague rates you, any item can
be answered "I have not seen this"). Such an answer is stored in the same store as a
list, ``not_applicable``, so the page restores it, but it is never an entry of
``answers``: the answers stay 1-5 everywhere (the profile file, shared copies, the
group board, the JSON Schema), and the item simply counts as unanswered in scoring.

A colleague rating (part 06) is a session of its own (:func:`rating_session`): the
same items in observer wording, in ``Store("colleague_rating")``, with no
``profile.json`` written; its answers leave only as the file the rater downloads.

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
from ..errors import AnswerError
from ..paths import home_dir, visitor_scope
from ..profile import Profile, clean_label, new_profile, save_profile
from ..scoring import Scores, score, validate_answers
from ..store import Store
from .common import get_course

__all__ = ["NOT_APPLICABLE", "ProfileSession", "forget_scope", "forget_sessions",
           "rating_session", "session"]

#: the value a scale control gives for "not applicable" / "not seen": never scored
NOT_APPLICABLE = 0
RATING_STORE = "colleague_rating"

_SESSIONS: dict[tuple[str | None, Path, str], ProfileSession] = {}


class ProfileSession:
    """Answers, label and scores of the trainee working in this kernel.

    ``voice`` is ``self`` (the trainee rates themselves; ``profile.json`` is kept up to
    date) or ``observer`` (a colleague's rating of someone else; nothing but the store
    is written).
    """

    def __init__(self, course: Course, store: Store | None = None, voice: str = "self"):
        if voice not in ("self", "observer"):
            raise ValueError(f"voice must be 'self' or 'observer', not {voice!r}")
        self.course = course
        self.voice = voice
        self.store = store or Store("questionnaire" if voice == "self" else RATING_STORE)
        self.problem = self.store.problem
        #: items that may be answered "not applicable" (or "not seen") in this voice
        self.may_skip = frozenset(i.id for i in course.items
                                  if voice == "observer" or i.may_not_apply)
        self.answers: dict[str, int] = self._valid(self.store.get("answers", {}))
        self.not_applicable: frozenset[str] = self._valid_na(
            self.store.get("not_applicable"))
        self.created = self.store.get("created") or datetime.now(UTC).isoformat(
            timespec="seconds")
        self._listeners: list[Callable[[ProfileSession], None]] = []
        self._scores: Scores | None = None

    def _valid_na(self, raw: Any) -> frozenset[str]:
        """Saved "not applicable" marks, for items that still allow it (others are
        dropped: the item is then simply unanswered)."""
        if not isinstance(raw, list):
            return frozenset()
        return frozenset(x for x in raw if isinstance(x, str) and x in self.may_skip
                         and x not in self.answers)

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
    def profile_path(self) -> Path | None:
        """``<home>/profile.json`` for the trainee's own answers; ``None`` for a rating."""
        return self.store.folder.parent / "profile.json" if self.voice == "self" else None

    @property
    def scores(self) -> Scores:
        if self._scores is None:
            self._scores = score(self.course, self.answers)
        return self._scores

    @property
    def answered(self) -> int:
        """Items answered on the 1-5 scale (the ones that are scored)."""
        return len(self.answers)

    @property
    def responded(self) -> int:
        """Items answered at all: on the scale, or "not applicable"."""
        return len(self.answers) + len(self.not_applicable)

    def value_of(self, item_id: str) -> int | None:
        """What the item's control shows: 1-5, :data:`NOT_APPLICABLE`, or ``None``."""
        if item_id in self.not_applicable:
            return NOT_APPLICABLE
        return self.answers.get(item_id)

    @property
    def complete(self) -> bool:
        return self.scores.balance is not None

    def profile(self) -> Profile:
        created = datetime.fromisoformat(self.created)
        return new_profile(self.course, self.answers, self.label, created)

    def set_answer(self, item_id: str, value: int | None) -> None:
        """Record one answer (1-5, or :data:`NOT_APPLICABLE` where the item allows it),
        or with ``None`` clear it; save, and tell the listeners.

        Raises:
            AnswerError: an unknown item, a value outside 1-5, or "not applicable" on
                an item that does not offer it.
        """
        skip = value == NOT_APPLICABLE and not isinstance(value, bool)
        if skip and item_id not in self.may_skip:
            validate_answers(self.course, {item_id: 1})  # an unknown item says so first
            raise AnswerError(f"item '{item_id}' has no 'not applicable' answer",
                              item=item_id)
        new = None if value is None or skip else validate_answers(self.course,
                                                                 {item_id: value})

        def change(data: dict[str, Any]) -> None:
            answers = data.get("answers")
            answers = dict(answers) if isinstance(answers, dict) else {}
            marks = data.get("not_applicable")
            marks = [x for x in marks if x != item_id] if isinstance(marks, list) else []
            answers.pop(item_id, None)
            if new is not None:
                answers.update(new)
            elif skip:
                marks.append(item_id)
            data["answers"] = answers
            data["not_applicable"] = marks
            data.setdefault("created", self.created)

        saved = self.store.transact(change)
        self.answers = self._valid(saved.get("answers"))
        self.not_applicable = self._valid_na(saved.get("not_applicable"))
        self.created = saved.get("created") or self.created
        self._changed()

    def set_label(self, label: Any) -> None:
        self.store.set("label", clean_label(label))
        self._save_profile()

    def clear(self) -> None:
        """Start over: forget every answer (the caller asks for confirmation)."""
        self.answers = {}
        self.not_applicable = frozenset()
        self.created = datetime.now(UTC).isoformat(timespec="seconds")
        self.store.update({"answers": {}, "not_applicable": [], "created": self.created})
        self._changed()

    def observe(self, callback: Callable[[ProfileSession], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        self._scores = None
        self._save_profile()
        for callback in list(self._listeners):
            callback(self)

    def _save_profile(self) -> None:
        if self.profile_path is not None:
            save_profile(self.profile(), self.profile_path)


def _registered(course: Course | None, voice: str) -> ProfileSession:
    name = "questionnaire" if voice == "self" else RATING_STORE
    key = (visitor_scope(), home_dir().resolve(), name)
    found = _SESSIONS.get(key)
    if found is None:
        found = _SESSIONS[key] = ProfileSession(course or get_course(), voice=voice)
    return found


def session(course: Course | None = None) -> ProfileSession:
    """The trainee's own answers for the current home folder (one per page scope)."""
    return _registered(course, "self")


def rating_session(course: Course | None = None) -> ProfileSession:
    """The rating of a colleague being written in this home folder (observer voice)."""
    return _registered(course, "observer")


def forget_sessions() -> None:
    """Drop the in-kernel sessions, as a kernel restart does (used by tests)."""
    _SESSIONS.clear()


def forget_scope(scope: str) -> None:
    """Drop the sessions of one page (the room calls this when a page closes)."""
    for key in [k for k in _SESSIONS if k[0] == scope]:
        _SESSIONS.pop(key, None)
