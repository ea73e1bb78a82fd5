"""A trainee's feedback round: invitations out, sealed answers in, each used once.

Everything lives in the trainee's own folder, in ``Store("feedback")``
(``<home>/answers/feedback.json``), private like the rest of their answers::

    name        how raters know the trainee (shown on the form; optional)
    round       the open or last round:
      id, created, closed (when the report was opened; then no more answers)
      invitations  {id: {group, secret, items, created, how: file|link, token?,
                         used: date|null, withdrawn: bool}}
      answers      [{group, answers: {item: 1-5}, comment}]   (no invitation id)
    earlier     rounds closed before the current one (their invitations only
                refuse late answers with a clear message)

**Once per invitation.** Adding an answer is one transaction of the store (a lock, the
file read again, the change, an atomic write): the invitation is checked unused and
marked used in the same step, so two copies of one answer, sent at once from a phone
and a laptop, add one answer. Answers are kept without their invitation id, at a
random place in the list, so the file does not pair an answer with the invitation
(and so with the colleague) it came from.

**Why a round closes.** The report is opened by closing the round. Were answers still
added afterwards, comparing the report before and after one more answer would reveal
that answer, whatever the group thresholds; so after closing, late answers are refused
(with a message saying so) and a new round starts afresh.

**Answers are re-scored, never trusted.** A code carries only one digit per item and a
comment; the digits are checked against the invitation's items and validated like any
answer (:func:`~lvm_course.scoring.validate_answers`); scores are computed from them
each time the report is built.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AnswerError
from ..paths import home_dir
from ..scoring import validate_answers
from ..store import Store
from .anonymity import Rating
from .codes import CodeRefused, new_secret, open_sealed, parse_code

if TYPE_CHECKING:
    from ..content import Course

__all__ = ["MAX_COMMENT", "Accepted", "FeedbackRound", "Invitation", "clean_comment"]

MAX_COMMENT = 1000
MAX_INVITATIONS = 60
_EARLIER = 5  # closed rounds remembered (only to refuse their late answers clearly)

#: ``(trainee home) -> (link token, link address)``: set where the course is served
LinkMaker = Callable[[Path], tuple[str, str]]


@dataclass(frozen=True)
class Invitation:
    """One invitation as the trainee's page lists it."""

    id: str
    group: str
    how: str
    created: str
    used: str | None
    withdrawn: bool
    secret: str
    items: tuple[str, ...]
    link: str | None = None

    @property
    def waiting(self) -> bool:
        return not self.used and not self.withdrawn


@dataclass(frozen=True)
class Accepted:
    """An answer added: which group it counts in."""

    group: str
    rated: int


def clean_comment(text: str) -> str:
    """A comment as it is kept and shown: printable text and line breaks, trimmed."""
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return "\n".join(line.rstrip() for line in kept.strip().splitlines())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _new_round() -> dict[str, Any]:
    return {"id": secrets.token_hex(8), "created": _now(), "closed": None,
            "invitations": {}, "answers": []}


class FeedbackRound:
    """The feedback of one trainee (``home``: their folder; default the current one)."""

    def __init__(self, course: Course, home: Path | None = None):
        self.course = course
        self.home = home if home is not None else home_dir()
        self.store = Store("feedback", folder=self.home / "answers")

    # --- reading -----------------------------------------------------------------
    def _round(self) -> dict[str, Any]:
        found = self.store.get("round")
        return found if isinstance(found, dict) else _new_round()

    def refresh(self) -> None:
        """See answers added elsewhere (the room's server) since this page read them."""
        self.store.refresh()

    @property
    def name(self) -> str | None:
        value = self.store.get("name")
        return value if isinstance(value, str) and value else None

    def set_name(self, name: object) -> None:
        from ..profile import clean_label

        self.store.set("name", clean_label(name))

    @property
    def closed(self) -> str | None:
        return self._round().get("closed")

    def invitations(self) -> list[Invitation]:
        out = []
        for id_, inv in self._round().get("invitations", {}).items():
            if not isinstance(inv, dict):
                continue
            out.append(Invitation(id_, str(inv.get("group")), str(inv.get("how", "file")),
                                  str(inv.get("created", "")), inv.get("used"),
                                  bool(inv.get("withdrawn")), str(inv.get("secret", "")),
                                  tuple(inv.get("items") or ()), inv.get("link")))
        return out

    def ratings(self) -> list[Rating]:
        """The answers received this round, re-validated (a damaged entry is skipped)."""
        out = []
        for entry in self._round().get("answers", []):
            try:
                answers = validate_answers(self.course, {
                    k: v for k, v in (entry.get("answers") or {}).items()
                    if self.course.has_item(k)})
                out.append(Rating(str(entry.get("group")), answers,
                                  clean_comment(str(entry.get("comment") or ""))))
            except (AnswerError, AttributeError, TypeError):
                continue
        return out

    def counts(self) -> dict[str, int]:
        """Answers received per group (what the trainee may see while collecting)."""
        got = {g.id: 0 for g in self.course.feedback.groups}
        for rating in self.ratings():
            got[rating.group] = got.get(rating.group, 0) + 1
        return got

    # --- inviting ----------------------------------------------------------------
    def invite(self, group: str, how: str = "file",
               link_maker: LinkMaker | None = None) -> Invitation:
        """A new invitation for one rater of ``group``, by ``file`` or ``link``.

        Raises:
            ValueError: an unknown group, or a link with nowhere to serve it.
            CodeRefused: (``closed``) the round is closed: start a new one first.
        """
        self.course.feedback.group(group)  # KeyError -> below
        if how not in ("file", "link") or (how == "link" and link_maker is None):
            raise ValueError("an invitation is a file, or a link where the course is served")
        token = link = None
        if how == "link":
            token, link = link_maker(self.home)  # type: ignore[misc]
        inv = {"group": group, "secret": new_secret(), "how": how, "created": _now(),
               "items": [i.id for i in self.course.items], "used": None,
               "withdrawn": False}
        if token:
            inv.update(token=token, link=link)
        id_ = secrets.token_urlsafe(12)

        def change(data: dict[str, Any]) -> None:
            current = data.get("round") if isinstance(data.get("round"), dict) else None
            if current is None:
                current = data["round"] = _new_round()
            if current.get("closed"):
                raise CodeRefused("closed", "this round is closed: start a new round to "
                                  "invite more people")
            if len(current.setdefault("invitations", {})) >= MAX_INVITATIONS:
                raise CodeRefused("closed", f"a round has at most {MAX_INVITATIONS} "
                                  "invitations")
            current["invitations"][id_] = inv

        self.store.transact(change)
        return next(i for i in self.invitations() if i.id == id_)

    def withdraw(self, invitation: str) -> None:
        """Withdraw an unused invitation: an answer to it will be refused."""
        def change(data: dict[str, Any]) -> None:
            inv = (data.get("round") or {}).get("invitations", {}).get(invitation)
            if isinstance(inv, dict) and not inv.get("used"):
                inv["withdrawn"] = True

        self.store.transact(change)

    def by_token(self, token: str) -> Invitation | None:
        """The invitation a room link's token belongs to (``None`` if none)."""
        import hmac as _hmac

        for id_, inv in self._round().get("invitations", {}).items():
            kept = inv.get("token") if isinstance(inv, dict) else None
            if isinstance(kept, str) and _hmac.compare_digest(kept.encode(), token.encode()):
                return next(i for i in self.invitations() if i.id == id_)
        return None

    # --- answers in ----------------------------------------------------------------
    def accept(self, code: str, *, invitation: str | None = None) -> Accepted:
        """Check one answer code and add it to the round.

        Args:
            code: the code (already found in the pasted text or file).
            invitation: only accept a code of this invitation (a room link's page).

        Raises:
            CodeRefused: with a message for the trainee; nothing is changed.
        """
        sealed = parse_code(code)
        result: list[Accepted] = []

        def change(data: dict[str, Any]) -> None:
            current = data.get("round") if isinstance(data.get("round"), dict) else {}
            inv = current.get("invitations", {}).get(sealed.invitation)
            if invitation is not None and sealed.invitation != invitation:
                raise CodeRefused("foreign", "this answer belongs to another invitation")
            if not isinstance(inv, dict):
                for old in data.get("earlier") or []:
                    if isinstance(old, dict) and sealed.invitation in old.get("invitations",
                                                                               {}):
                        raise CodeRefused("closed", "this answer is for a round you have "
                                          "already closed, so it cannot be added")
                raise CodeRefused("foreign", "this answer code is not for one of your "
                                  "invitations (it may be meant for someone else)")
            payload = open_sealed(sealed, str(inv.get("secret")))
            if inv.get("withdrawn"):
                raise CodeRefused("withdrawn", "you withdrew this invitation, so its "
                                  "answer cannot be added")
            if inv.get("used"):
                raise CodeRefused("replayed", "this invitation has already been answered "
                                  "and added: each invitation counts once")
            if current.get("closed"):
                raise CodeRefused("closed", "this round is closed (you have opened its "
                                  "report), so later answers cannot be added")
            answers, comment = self._check(payload, list(inv.get("items") or []))
            inv["used"] = datetime.now(UTC).date().isoformat()
            entry = {"group": inv.get("group"), "answers": answers, "comment": comment}
            kept = current.setdefault("answers", [])
            kept.insert(secrets.randbelow(len(kept) + 1), entry)
            result.append(Accepted(str(inv.get("group")), len(answers)))

        self.store.transact(change)
        return result[0]

    def _check(self, payload: dict[str, str], items: list[str]) -> tuple[dict[str, int], str]:
        digits, comment = payload["a"], payload["c"]
        if len(digits) != len(items) or any(ch not in "012345" for ch in digits):
            raise CodeRefused("malformed", "the answers inside this code do not fit its "
                              "invitation's statements")
        if len(comment) > MAX_COMMENT:
            raise CodeRefused("malformed", f"the comment is longer than {MAX_COMMENT} "
                              "characters")
        answers = {item: int(ch) for item, ch in zip(items, digits, strict=True)
                   if ch != "0" and self.course.has_item(item)}
        answers = validate_answers(self.course, answers)
        comment = clean_comment(comment)
        if not answers and not comment:
            raise CodeRefused("empty", "this answer rates no statement and has no comment")
        return answers, comment

    # --- the round -----------------------------------------------------------------
    def close(self) -> None:
        """Close the round (the report opens): no answer can be added after this."""
        def change(data: dict[str, Any]) -> None:
            current = data.get("round")
            if isinstance(current, dict) and not current.get("closed"):
                current["closed"] = _now()

        self.store.transact(change)

    def start_new(self) -> None:
        """Start a new round; the current one is kept only to refuse its late answers."""
        def change(data: dict[str, Any]) -> None:
            current = data.get("round")
            earlier = [r for r in data.get("earlier") or [] if isinstance(r, dict)]
            if isinstance(current, dict) and current.get("invitations"):
                earlier.append({"id": current.get("id"), "closed": current.get("closed"),
                                "invitations": {k: {"group": v.get("group")} for k, v in
                                                current["invitations"].items()
                                                if isinstance(v, dict)}})
            data["earlier"] = earlier[-_EARLIER:]
            data["round"] = _new_round()

        self.store.transact(change)
