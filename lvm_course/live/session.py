"""The room's live session: what the facilitator has asked, and how the room answers.

One :class:`LiveSession` per room, held by the room's process and kept on disk in the
room folder (``live/session.json``, written atomically after every change), so a
restart of the room in the middle of a question finds the question still open with
its answers. It knows nothing of pages or widgets: the room's pages subscribe
(:meth:`LiveSession.subscribe`) and are told what changed.

Decisions:

- **Anonymous by construction.** An answer is kept under a keyed hash of the trainee
  (:meth:`_voter`: HMAC with a salt of this question only), so two tabs or two devices
  of one trainee count once and can change their answer, but the file does not link
  an answer to a trainee's folder. When a question closes, the per-trainee answers are
  folded into counts and dropped; only counts, approved words and approved questions
  stay (``history``), for the session export.
- **Nothing is shown from fewer than three answers** (:data:`MIN_SHOWN`, the same rule
  as the group board): below that, a distribution could say what one person chose.
- **Free text only after approval.** Words and questions wait in the facilitator's
  queue; an answer with a blocklisted word (``data/blocklist.yaml``, whole words, any
  case) is held back and never shown, whatever is clicked.
- **The room's scenario** moves on by the majority of the room's votes at each step;
  a tie waits for the facilitator to pick among the tied choices. The reveal shows
  the consequence first, then the verdict and why.
- **Two kinds of change** (:data:`ROOM`, :data:`COUNT`): what every trainee's page
  shows (a question asked, closed, revealed, an approved word) and what only the
  stage and the controls show (how many have answered). A page that only shows the
  first kind is never woken by the second, so 300 answers do not redraw 300 phones
  300 times.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..content import Course
from ..fileio import atomic_write_json, read_bounded
from .questions import MAX_WORD, LiveQuestion, Option, one_off, question_for, scenario_step

__all__ = ["COUNT", "MIN_SHOWN", "ROOM", "LiveSession", "Refused"]

log = logging.getLogger("lvm_course.live")

#: a change every page shows / a change only the stage and the controls show
ROOM, COUNT = "room", "count"
#: fewest answers before any distribution or count by option is shown
MIN_SHOWN = 3
#: questions one trainee may send to the facilitator while the questions are open
MAX_QUESTIONS_EACH = 3
MAX_QUESTION = 200

Listener = Callable[[str], None]


class Refused(ValueError):
    """An action that cannot be taken now, with a sentence saying why."""


def _tidy(text: object, limit: int) -> str:
    return " ".join(str(text or "").split())[:limit]


def _question_dict(q: LiveQuestion) -> dict[str, Any]:
    return asdict(q)


def _question_from(data: dict[str, Any]) -> LiveQuestion:
    data = dict(data)
    data["options"] = tuple(Option(**o) for o in data.get("options", ()))
    for key in ("answers", "see_also"):
        data[key] = tuple(data.get(key, ()))
    return LiveQuestion(**data)


class LiveSession:
    """The live session of one room (see the module doc).

    Args:
        course: the course (for the run of show and the scenarios).
        folder: where the session is kept (``<room>/live``).
        clock: seconds since the epoch (tests pass their own).
    """

    def __init__(self, course: Course, folder: Path | str, *,
                 clock: Callable[[], float] = time.time):
        self.course = course
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._blocked = [re.compile(rf"(?<!\w){re.escape(w.lower())}(?!\w)")
                         for w in course.blocklist]
        self.state = self._load()

    # --- keeping it -------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.folder / "session.json"

    def _fresh(self) -> dict[str, Any]:
        parts = [b.part for b in self.course.live]
        return {"version": 1, "part": parts[0] if parts else "", "question": None,
                "phase": "idle", "salt": secrets.token_hex(16), "answers": {},
                "queue": [], "qa": [], "asked_by": {}, "scenario": None, "tie": [],
                "history": [], "own": 0, "room_version": 0, "count_version": 0,
                "asked_at": None}

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(read_bounded(self.path, 8 * 1024 * 1024).decode("utf-8"))
            if not isinstance(data, dict) or data.get("version") != 1:
                raise ValueError("not a live session file")
            fresh = self._fresh()
            fresh.update(data)
            if fresh["question"] is not None:
                _question_from(fresh["question"])  # still readable
            return fresh
        except FileNotFoundError:
            return self._fresh()
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
            kept = self.path.with_name(f"session.damaged-{int(self._clock())}.json")
            with contextlib.suppress(OSError):
                self.path.replace(kept)
            log.error("live session file %s is damaged (%s); kept as %s, starting afresh",
                      self.path, exc, kept.name)
            return self._fresh()

    def _changed(self, kind: str) -> None:
        """Save, then tell the listeners (outside the lock)."""
        key = "room_version" if kind == ROOM else "count_version"
        self.state[key] += 1
        if kind == ROOM:
            self.state["count_version"] += 1
        atomic_write_json(self.path, self.state)

    def _tell(self, kind: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(kind)
            except Exception:  # a page that went away must not stop the others
                log.debug("live listener failed", exc_info=True)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(ROOM or COUNT)`` after every change; returns the unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)
        return unsubscribe

    def _do(self, kind: str, change: Callable[[], Any]) -> Any:
        with self._lock:
            result = change()
            self._changed(kind)
        self._tell(kind)
        return result

    # --- what is open -----------------------------------------------------------------
    @property
    def question(self) -> LiveQuestion | None:
        q = self.state["question"]
        return _question_from(q) if q is not None else None

    @property
    def phase(self) -> str:
        return self.state["phase"]

    def _voter(self, trainee: str) -> str:
        return hmac.new(bytes.fromhex(self.state["salt"]), trainee.encode("utf-8"),
                        hashlib.sha256).hexdigest()[:32]

    # --- the facilitator's actions ----------------------------------------------------
    def set_part(self, part: str) -> None:
        if part not in {nb.id for nb in self.course.notebooks}:
            raise Refused(f"there is no part '{part}'")
        self._do(ROOM, lambda: self.state.update(part=part))

    def _open(self, q: LiveQuestion) -> None:
        self._archive()
        self.state.update(question=_question_dict(q), phase="open",
                          salt=secrets.token_hex(16), answers={}, queue=[], asked_by={},
                          tie=[], asked_at=self._clock())
        if q.kind == "questions":
            self.state["qa"] = []

    def ask(self, activity_id: str) -> LiveQuestion:
        """Put an activity of the run of show to the room (what was open is closed)."""
        try:
            q = question_for(self.course, activity_id)
        except KeyError as exc:
            raise Refused(str(exc).strip("'\"")) from None

        def change() -> LiveQuestion:
            self._open(q)
            if q.kind == "scenario":
                self.state["scenario"] = {"activity": activity_id, "scenario": q.scenario,
                                          "path": [], "ending": None, "prompt": q.prompt}
            else:
                self.state["scenario"] = None
            if q.part:
                self.state["part"] = q.part
            return q
        return self._do(ROOM, change)

    def ask_own(self, kind: str, text: str, options: list[str] | None = None) -> LiveQuestion:
        """A question the facilitator writes on the spot (a choice or words)."""
        try:
            q = one_off(self.state["own"] + 1, kind, text, options)
        except ValueError as exc:
            raise Refused(str(exc)) from None

        def change() -> LiveQuestion:
            self.state["own"] += 1
            self._open(q)
            self.state["scenario"] = None
            return q
        return self._do(ROOM, change)

    def close(self) -> None:
        """Stop taking answers (a scenario vote with a tie then waits for :meth:`pick`)."""
        def change() -> None:
            if self.phase != "open":
                raise Refused("no question is taking answers")
            self.state["phase"] = "closed"
            q = self.question
            if q is not None and q.kind == "scenario":
                counts = self._counts(q)
                top = max(counts.values(), default=0)
                tied = [o.id for o in q.options if counts.get(o.id, 0) == top]
                self.state["tie"] = tied if len(tied) > 1 else []
        self._do(ROOM, change)

    def pick(self, option_id: str) -> None:
        """The facilitator's casting vote at a tied scenario step."""
        def change() -> None:
            if option_id not in self.state["tie"]:
                raise Refused("that choice is not one of the tied ones")
            self.state["tie"] = [option_id]
        self._do(ROOM, change)

    def chosen(self) -> str | None:
        """The room's choice at a closed scenario step (``None`` while tied or open)."""
        q = self.question
        if q is None or q.kind != "scenario" or self.phase == "open":
            return None
        if len(self.state["tie"]) == 1:
            return self.state["tie"][0]
        if self.state["tie"]:
            return None
        counts = self._counts(q)
        if not counts:
            return None
        return max(q.options, key=lambda o: counts.get(o.id, 0)).id

    def reveal(self) -> None:
        """Show the answer and how the room answered; at a scenario step, first what
        happens next (the consequence), and at a second call the verdict and why."""
        def change() -> None:
            q = self.question
            if q is None or self.phase == "open":
                raise Refused("close the answers first")
            if q.kind == "scenario":
                if self.chosen() is None:
                    raise Refused("the vote is tied: pick the room's choice first")
                self.state["phase"] = "consequence" if self.phase == "closed" else "revealed"
            else:
                self.state["phase"] = "revealed"
        self._do(ROOM, change)

    def next(self) -> LiveQuestion | None:
        """Move on: in a scenario, to the step the room's choice leads to (or its
        ending); otherwise the question is put away and the room waits."""
        def change() -> LiveQuestion | None:
            q = self.question
            run = self.state["scenario"]
            if q is not None and q.kind == "scenario" and run is not None \
                    and run.get("ending") is None:
                choice = self.chosen()
                if choice is None or self.phase not in ("consequence", "revealed"):
                    raise Refused("show what happens first")
                option = q.option(choice)
                assert option is not None
                run["path"].append([q.step, choice])
                sc = self.course.scenario(run["scenario"])
                step = next((s for s in sc.steps if s.id == option.next), None)
                self._archive()
                if step is None:
                    run["ending"] = option.next
                    self.state.update(question=None, phase="ending", answers={}, tie=[])
                    return None
                nq = scenario_step(self.course, sc, step, prompt=run["prompt"],
                                   activity=run["activity"], part=q.part)
                self.state.update(question=_question_dict(nq), phase="open",
                                  salt=secrets.token_hex(16), answers={}, tie=[],
                                  asked_at=self._clock())
                return nq
            self._archive()
            self.state.update(question=None, phase="idle", answers={}, queue=[],
                              asked_by={}, tie=[], scenario=None)
            return None
        return self._do(ROOM, change)

    def moderate_words(self, entry: str, show: bool) -> None:
        """Show an answer of words on the stage, or hide it."""
        def change() -> None:
            for item in self.state["queue"]:
                if item["id"] == entry:
                    if item["status"] == "blocked":
                        raise Refused("held back by the blocklist: it cannot be shown")
                    item["status"] = "shown" if show else "hidden"
                    return
            raise Refused("that answer is no longer in the queue")
        self._do(ROOM, change)

    def moderate_question(self, qid: str, action: str) -> None:
        """A question from the room: ``approve``, ``hide``, ``pin``, ``unpin``,
        ``answered``."""
        def change() -> None:
            for item in self.state["qa"]:
                if item["id"] != qid:
                    continue
                if item["status"] == "blocked":
                    raise Refused("held back by the blocklist: it cannot be shown")
                if action == "approve":
                    item["status"] = "shown"
                elif action == "hide":
                    item["status"], item["pinned"] = "hidden", False
                elif action in ("pin", "unpin"):
                    item["pinned"] = action == "pin"
                    if action == "pin":
                        item["status"] = "shown"
                elif action == "answered":
                    item["answered"], item["pinned"] = True, False
                else:
                    raise Refused(f"unknown action '{action}'")
                return
            raise Refused("that question is no longer in the list")
        self._do(ROOM, change)

    def end(self) -> None:
        """Put away what is open, whatever it is (the room waits)."""
        def change() -> None:
            self._archive()
            self.state.update(question=None, phase="idle", answers={}, queue=[],
                              asked_by={}, tie=[], scenario=None)
        self._do(ROOM, change)

    # --- the trainees' actions --------------------------------------------------------
    def answer(self, trainee: str, option_id: str) -> None:
        """A trainee's answer to the open choice, scale or scenario step (a later one
        replaces theirs)."""
        def change() -> None:
            q = self.question
            if q is None or self.phase != "open" or q.kind not in ("choice", "scale",
                                                                    "scenario"):
                raise Refused("answers are closed")
            if q.option(option_id) is None:
                raise Refused("that is not one of the answers")
            self.state["answers"][self._voter(trainee)] = option_id
        self._do(COUNT, change)

    def _blocked_text(self, text: str) -> bool:
        low = text.lower()
        return any(p.search(low) for p in self._blocked)

    def send_words(self, trainee: str, text: str) -> str:
        """A trainee's few words: queued for the facilitator (a later answer replaces a
        queued one). Returns what they sent, tidied."""
        def change() -> str:
            q = self.question
            if q is None or self.phase != "open" or q.kind != "words":
                raise Refused("answers are closed")
            words = _tidy(text, 200).split()
            if not words:
                raise Refused("write a word or two first")
            if len(words) > q.max_words or any(len(w) > MAX_WORD for w in words):
                raise Refused(f"at most {q.max_words} word{'s' if q.max_words > 1 else ''}, "
                              "please")
            tidy = " ".join(words)
            voter = self._voter(trainee)
            mine = self.state["answers"].get(voter)
            queue = [i for i in self.state["queue"] if i["id"] != mine]
            entry = secrets.token_hex(6)
            status = "blocked" if self._blocked_text(tidy) else "pending"
            queue.append({"id": entry, "text": tidy, "status": status})
            self.state["queue"] = queue
            self.state["answers"][voter] = entry
            return tidy
        return self._do(COUNT, change)

    def ask_question(self, trainee: str, text: str) -> str:
        """A trainee's anonymous question for the facilitator (approved before anyone
        else sees it)."""
        def change() -> str:
            q = self.question
            if q is None or self.phase != "open" or q.kind != "questions":
                raise Refused("questions are closed")
            tidy = _tidy(text, MAX_QUESTION)
            if len(tidy) < 3:
                raise Refused("write your question first")
            voter = self._voter(trainee)
            if self.state["asked_by"].get(voter, 0) >= MAX_QUESTIONS_EACH:
                raise Refused(f"you have sent {MAX_QUESTIONS_EACH} questions: vote for "
                              "others' instead")
            self.state["asked_by"][voter] = self.state["asked_by"].get(voter, 0) + 1
            status = "blocked" if self._blocked_text(tidy) else "pending"
            self.state["qa"].append({"id": secrets.token_hex(6), "text": tidy,
                                     "status": status, "pinned": False, "answered": False,
                                     "votes": []})
            return tidy
        return self._do(COUNT, change)

    def vote(self, trainee: str, qid: str) -> bool:
        """Vote a shown question up, or take the vote back; returns whether it now
        carries this trainee's vote."""
        def change() -> bool:
            q = self.question
            if q is None or q.kind != "questions":
                raise Refused("questions are closed")
            voter = self._voter(trainee)
            for item in self.state["qa"]:
                if item["id"] == qid and item["status"] == "shown":
                    if voter in item["votes"]:
                        item["votes"].remove(voter)
                        return False
                    item["votes"].append(voter)
                    return True
            raise Refused("that question is not shown")
        return self._do(ROOM, change)

    # --- what it amounts to -----------------------------------------------------------
    def _counts(self, q: LiveQuestion) -> Counter[str]:
        if self.state["answers"] and q.kind in ("choice", "scale", "scenario"):
            return Counter(self.state["answers"].values())
        return Counter()

    def answered(self) -> int:
        return len(self.state["answers"])

    def mine(self, trainee: str) -> str | None:
        """What this trainee answered to the open question (an option id, or the words
        they sent), for their own page."""
        value = self.state["answers"].get(self._voter(trainee))
        q = self.question
        if value is not None and q is not None and q.kind == "words":
            return next((i["text"] for i in self.state["queue"] if i["id"] == value), None)
        return value

    def results(self) -> dict[str, Any]:
        """How the room answered the open question, safe to show anyone: counts by
        option only from :data:`MIN_SHOWN` answers, approved words and questions only."""
        q = self.question
        n = self.answered()
        out: dict[str, Any] = {"n": n, "shown": n >= MIN_SHOWN, "counts": {}, "words": [],
                               "questions": [], "held": 0, "waiting": 0}
        if q is None:
            return out
        counts = self._counts(q)
        if n >= MIN_SHOWN:
            out["counts"] = {o.id: counts.get(o.id, 0) for o in q.options}
        if q.kind == "words":
            shown = [i["text"] for i in self.state["queue"] if i["status"] == "shown"]
            out["words"] = sorted(Counter(w.lower() for w in shown).items(),
                                  key=lambda kv: (-kv[1], kv[0]))
            out["held"] = sum(i["status"] == "blocked" for i in self.state["queue"])
            out["waiting"] = sum(i["status"] == "pending" for i in self.state["queue"])
        if q.kind == "questions":
            out["questions"] = self.shown_questions()
            out["waiting"] = sum(i["status"] == "pending" for i in self.state["qa"])
            out["held"] = sum(i["status"] == "blocked" for i in self.state["qa"])
        return out

    def shown_questions(self) -> list[dict[str, Any]]:
        """Approved questions, pinned first, then by votes, answered last (no voters)."""
        shown = [i for i in self.state["qa"] if i["status"] == "shown"]
        shown.sort(key=lambda i: (i["answered"], not i["pinned"], -len(i["votes"])))
        return [{"id": i["id"], "text": i["text"], "votes": len(i["votes"]),
                 "pinned": i["pinned"], "answered": i["answered"]} for i in shown]

    def voted(self, trainee: str) -> set[str]:
        voter = self._voter(trainee)
        return {i["id"] for i in self.state["qa"] if voter in i["votes"]}

    def queue(self) -> list[dict[str, str]]:
        """The facilitator's queue of words (ids, text, status), blocked ones as such."""
        return [dict(i) for i in self.state["queue"]]

    def question_queue(self) -> list[dict[str, Any]]:
        return [{k: (len(v) if k == "votes" else v) for k, v in i.items()}
                for i in self.state["qa"]]

    def scenario_run(self) -> dict[str, Any] | None:
        run = self.state["scenario"]
        return dict(run) if run else None

    def history(self) -> list[dict[str, Any]]:
        """Every question put away so far, as counts (for the export)."""
        return [dict(h) for h in self.state["history"]]

    def _archive(self) -> None:
        """Fold the open question into the history as counts (no per-trainee record)."""
        q = self.question
        if q is None:
            return
        counts = self._counts(q)
        record: dict[str, Any] = {
            "id": q.id, "kind": q.kind, "part": q.part or self.state["part"],
            "text": q.text, "title": q.title, "asked": self.state.get("asked_at"),
            "put_away": self._clock(), "n": self.answered(),
            "options": [[o.id, o.label, counts.get(o.id, 0)] for o in q.options],
            "answers": list(q.answers),
            "words": [[w, n] for w, n in self.results()["words"]] if q.kind == "words"
            else [],
            "questions": [[i["text"], i["votes"]] for i in self.shown_questions()]
            if q.kind == "questions" else [],
        }
        if q.kind == "scenario":
            record["chosen"] = self.chosen()
        self.state["history"] = [h for h in self.state["history"] if h["id"] != q.id]
        self.state["history"].append(record)
