"""Notebook 01: the classify-it quiz (leadership, management or both?).

:class:`CardRound` is the engine shared with the skill sort: cards one at a time, a
button per answer, feedback, a progress line, a score and a new round. Everything is
saved on every click (the round drawn, where the trainee is, each answer), so
building the activity again after a kernel restart shows exactly the same screen.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any

import ipywidgets as w

from ..errors import AnswerError, LvmCourseError
from ..store import Store
from . import common
from .common import Activity, cite_item, cohort_field, differ_html, esc, guarded, md, message

__all__ = ["CardRound", "Quiz", "feedback_box", "hardest", "heading", "quiz"]

_BOX = {True: ("good", "✔"), False: ("bad", "✘"), None: ("info", "ℹ")}


def feedback_box(ok: bool | None, title: str, body: str = "") -> str:
    """A feedback panel: green (right), red (not quite) or blue (info).

    ``title`` is escaped here; ``body`` must already be safe HTML.
    """
    kind, mark = _BOX[ok]
    # the body sits on white so small grey text (the source line) keeps its contrast
    inner = f'<div class="lvm-feedback__body">{body}</div>' if body else ""
    return (f'<div role="status" aria-live="polite" class="lvm-feedback lvm-feedback--{kind}">'
            f'<div class="lvm-feedback__title">{mark} {esc(title)}</div>{inner}</div>')


def heading(title: str, intro: str = "") -> str:
    """The activity's title line and a one-line instruction (both escaped).

    The title is an ``<h3>``: activities sit under a notebook's ``##`` section, and
    screen-reader users jump between headings (axe-core's heading-order rule).
    """
    sub = f'<div class="lvm-intro">{md(intro)}</div>' if intro else ""
    return f'<div class="lvm-heading"><h3>{esc(title)}</h3>{sub}</div>'


class CardRound(Activity):
    """Cards one at a time, one button per answer; subclasses say what a card is."""

    noun = "card"
    title = ""
    intro = ""
    new_round_label = "New round"
    choices: tuple[tuple[str, str, str], ...] = ()  # (key, label, tooltip)

    def __init__(self, cards: dict[str, Any], store: Store, n: int,
                 seed: int | str | None) -> None:
        if n < 1:
            raise LvmCourseError(f"the number of {self.noun}s must be at least 1 (got {n})")
        if not cards:
            raise LvmCourseError(f"the course has no {self.noun}s for this activity")
        self.cards, self.store, self.n = cards, store, min(n, len(cards))
        self.labels = {key: label for key, label, _ in self.choices}
        if seed is None:
            seed = store.get("seed")
        if not isinstance(seed, int | str):
            seed = secrets.randbelow(2**31)  # a fresh trainee: any order, then kept
        if store.get("seed") != seed:
            store.set("seed", seed)
        self.seed = seed
        history = store.get("history")
        self.history: list[dict[str, Any]] = \
            [h for h in history if isinstance(h, dict)] if isinstance(history, list) else []
        self.ids, self.results, self.index = [], [], 0
        self._restore(store.get("round"))

        self.header = w.HTML(heading(self.title, self.intro))
        self.note = w.HTML(message(store.problem, "warn") if store.problem else "")
        self.progress = w.HTML()
        self.card = w.HTML()
        self.buttons: dict[str, w.Button] = {}
        for key, label, tip in self.choices:
            btn = w.Button(description=label, tooltip=tip,
                           layout=w.Layout(width="auto", min_width="9em",
                                           margin="0 0.6em 0.3em 0"))
            btn.on_click(lambda _b, key=key: self.answer(key))
            self.buttons[key] = btn
        self.feedback = w.HTML()
        self.next_button = w.Button(description=f"Next {self.noun} ▶",
                                    tooltip=f"Show the next {self.noun}")
        self.next_button.on_click(lambda _b: self.next())
        self.summary = w.HTML()
        self.new_round_button = w.Button(description=self.new_round_label,
                                         button_style="primary",
                                         tooltip=f"Start a new round of {self.noun}s")
        self.new_round_button.on_click(lambda _b: self.new_round())
        self.share_box = self._share_panel()
        self.widget = w.VBox([self.header, self.note, self.progress, self.card,
                              w.HBox(list(self.buttons.values()),
                                     layout=w.Layout(flex_flow="row wrap", margin="0.3em 0")),
                              self.feedback, self.next_button, self.summary,
                              self.new_round_button, self.share_box],
                             layout=w.Layout(max_width="820px"))
        self._render()

    # sharing with the group (optional, after consent) -----------------------------------
    share_activity = "quiz"

    def _share_panel(self) -> w.VBox:
        cohort = Store("sharing").get("cohort")
        self.share_consent = w.Checkbox(
            value=False, indent=False,
            description="I agree to share which ones I got right or wrong (no name, "
                        "nothing I typed)")
        self.share_cohort = cohort_field(cohort)
        self.share_button = w.Button(description="Share my results", icon="share",
                                     disabled=True,
                                     tooltip="Helps your facilitator see what the room "
                                             "found hardest")
        self.share_status = w.HTML()
        self.share_consent.observe(
            lambda c: setattr(self.share_button, "disabled", not c["new"]), names="value")
        self.share_button.on_click(lambda _b: self.share())
        return w.VBox([w.HTML("<h4>Share with the group "
                              "(optional)</h4>"), self.share_consent, self.share_cohort,
                       self.share_button, self.share_status],
                      layout=w.Layout(display="none"))

    def all_results(self) -> list[dict[str, Any]]:
        """Every answer of every round so far, this one included."""
        out = [r for h in self.history for r in h.get("results", []) if isinstance(r, dict)]
        return out + list(self.results)

    def share(self) -> Any:
        """Write the right/wrong results to the group folder (after consent)."""
        from ..sharing import share_quiz_results

        if not self.share_consent.value:
            self.share_status.value = message("Tick the consent box first.", "warn")
            return None
        try:
            path = share_quiz_results(self.all_results(), self.share_cohort.value,
                                      self.share_activity)
        except LvmCourseError as exc:
            self.share_status.value = message(str(exc), "error")
            return None
        Store("sharing").set("cohort", self.share_cohort.value)
        self.share_status.value = message(
            f"Shared with group '{path.parent.parent.name}'. Thank you.", "ok")
        return path

    # hooks for subclasses ------------------------------------------------------------
    def correct_of(self, card: Any) -> str:
        """The main answer (where the cited article puts the card)."""
        raise NotImplementedError

    def accepted(self, card: Any) -> tuple[str, ...]:
        """Every answer that counts: the main one, then the card's ``accepts`` (where
        the articles differ, or where it depends) among this activity's choices."""
        extra = tuple(a for a in getattr(card, "accepts", ()) if a in self.labels)
        return (self.correct_of(card), *extra)

    def _answers(self, card: Any) -> str:
        return " or ".join(self.labels[a] for a in self.accepted(card))

    def card_html(self, card: Any, brief: bool = False) -> str:
        """The card as HTML; ``brief`` for the list of missed ones."""
        raise NotImplementedError

    def explain_html(self, card: Any) -> str:
        raise NotImplementedError

    def draw(self, rng: random.Random) -> list[str]:
        """The ids of a new round: cards seen least often first (never seen before any
        seen once), ``n`` of them, shuffled."""
        seen = Counter(i for h in self.history for i in h.get("ids") or [])
        ids = sorted(self.cards, key=lambda i: (seen[i], rng.random()))[:self.n]
        rng.shuffle(ids)
        return ids

    def score_sentence(self) -> str:
        return f"You answered {self.score} of {len(self.ids)} correctly."

    # state -----------------------------------------------------------------------------
    @property
    def round_number(self) -> int:
        return len(self.history) + 1

    @property
    def current(self) -> Any:
        """The card on screen (``None`` once the round is finished)."""
        return None if self.done else self.cards[self.ids[self.index]]

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.ids)

    @property
    def score(self) -> int:
        return sum(1 for r in self.results if r["correct"])

    def _restore(self, saved: Any) -> None:
        """Take the saved round, dropping anything the content no longer has."""
        if isinstance(saved, dict) and isinstance(saved.get("ids"), list):
            self.ids = [i for i in saved["ids"] if isinstance(i, str) and i in self.cards]
        if not self.ids:
            self.ids = self.draw(self._rng())
            self._save(index=0)
            return
        saved_results = saved.get("results")
        for pos, r in enumerate(saved_results if isinstance(saved_results, list) else []):
            if pos >= len(self.ids) or not isinstance(r, dict) or \
                    r.get("id") != self.ids[pos] or r.get("choice") not in self.labels:
                break
            correct = r["choice"] in self.accepted(self.cards[r["id"]])
            self.results.append({"id": r["id"], "choice": r["choice"], "correct": correct})
        index = saved.get("index")
        index = index if isinstance(index, int) else len(self.results)
        self.index = max(0, min(index, len(self.results), len(self.ids) - 1))

    def _rng(self) -> random.Random:
        # a teaching shuffle, not security: seeded so each round can be replayed
        return random.Random(f"{self.seed}:{self.round_number}")  # noqa: S311

    def _save(self, **changes: Any) -> None:
        self.index = changes.get("index", self.index)
        self.store.set("round", {"ids": self.ids, "index": self.index,
                                 "results": self.results})

    # actions ---------------------------------------------------------------------------
    def answer(self, choice: str) -> dict[str, Any] | None:
        """Record the answer to the current card (ignored if it is already answered)."""
        if choice not in self.labels:
            raise AnswerError(f"unknown answer '{choice}' (use {', '.join(self.labels)})")
        if self.done or self.index < len(self.results):
            return None
        card_id = self.ids[self.index]
        result = {"id": card_id, "choice": choice,
                  "correct": choice in self.accepted(self.cards[card_id])}
        self.results.append(result)
        self._save()
        self._render()
        return result

    def next(self) -> None:
        """Move on to the next card once the current one is answered."""
        if self.index < len(self.results) and self.index + 1 < len(self.ids):
            self._save(index=self.index + 1)
            self._render()

    def new_round(self) -> None:
        """File the round in the history and draw a new one."""
        self.history.append({"ids": self.ids, "results": self.results})
        self.store.set("history", self.history)
        self.ids, self.results = self.draw(self._rng()), []
        self._save(index=0)
        self._render()

    # view ------------------------------------------------------------------------------
    def _render(self) -> None:
        total = len(self.ids)
        rnd = f' <span class="lvm-small">(round {self.round_number})</span>' \
            if self.history else ""
        self.progress.value = (f'<div class="lvm-step">{self.noun.title()} '
                               f"{self.index + 1} of {total}{rnd}</div>")
        card = self.cards[self.ids[self.index]]
        self.card.value = self.card_html(card)
        answered = self.results[self.index] if self.index < len(self.results) else None
        accepted = self.accepted(card)
        for key, btn in self.buttons.items():
            btn.disabled = answered is not None
            btn.button_style = "" if answered is None else \
                "success" if key in accepted else "danger" if key == answered["choice"] else ""
        body = self.explain_html(card) + differ_html(card)
        if answered is None:
            self.feedback.value = ""
        elif answered["correct"] and len(accepted) > 1:
            self.feedback.value = feedback_box(
                True, f"Counts: {self.labels[answered['choice']]} is one of the answers that "
                f"fit ({self._answers(card)}).", body)
        elif answered["correct"]:
            self.feedback.value = feedback_box(
                True, f"Correct: {self.labels[accepted[0]]}.", body)
        else:
            self.feedback.value = feedback_box(
                False, f"Not quite: you chose {self.labels[answered['choice']]}; "
                f"the answer is {self._answers(card)}.", body)
        more = answered is not None and not self.done
        self.next_button.layout.display = "" if more else "none"
        self.new_round_button.layout.display = "" if self.done else "none"
        self.summary.value = self._summary_html() if self.done else ""
        if hasattr(self, "share_box"):
            self.share_box.layout.display = "" if self.done else "none"

    def _summary_html(self) -> str:
        missed = [r for r in self.results if not r["correct"]]
        items = "".join(
            f"<li>{self.card_html(self.cards[r['id']], brief=True)} — you chose "
            f"{esc(self.labels[r['choice']])}; the answer is "
            f"{esc(self._answers(self.cards[r['id']]))}.</li>" for r in missed)
        body = (f"<p>The ones to look at again:</p><ul>{items}</ul>"
                if missed else "<p>Every one right. Well done.</p>")
        return feedback_box(None, self.score_sentence(), body)


class Quiz(CardRound):
    """Classify statements as leadership, management or both."""

    noun = "statement"
    title = "Leadership, management or both?"
    intro = "Read each statement and decide which role it describes."
    choices = (
        ("leadership", "Leadership", "Mainly about direction, people and change"),
        ("management", "Management", "Mainly about plans, structure and control"),
        ("both", "Both", "It takes leading and managing together"),
    )

    def __init__(self, course: Any, n: int = 12, *, seed: int | str | None = None,
                 store: Store | None = None) -> None:
        self.course = course
        super().__init__({s.id: s for s in course.statements},
                         store if store is not None else Store("quiz"), n, seed)

    def correct_of(self, card: Any) -> str:
        return card.answer

    def card_html(self, card: Any, brief: bool = False) -> str:
        if brief:
            return f"“{md(card.text)}”"
        return f'<div class="lvm-card-text">“{md(card.text)}”</div>'

    def explain_html(self, card: Any) -> str:
        return f"<p>{md(card.explanation)}</p>" + \
            cite_item(self.course, card)

    def score_sentence(self) -> str:
        return f"You classified {self.score} of {len(self.ids)} correctly."


def hardest(results_lists: Iterable[Iterable[Any]]) -> list[tuple[str, float]]:
    """Statements by share of wrong answers, hardest first, over many rounds or people.

    Each list holds results as saved by the quiz (``{"id", "choice", "correct"}``);
    malformed entries are skipped, since these may come from shared files. Ties are
    broken by the number of answers (more first), then by id.
    """
    asked, wrong = Counter(), Counter()
    for results in results_lists:
        if not isinstance(results, list | tuple):
            continue
        for r in results:
            if isinstance(r, dict) and isinstance(r.get("id"), str) and \
                    isinstance(r.get("correct"), bool):
                asked[r["id"]] += 1
                wrong[r["id"]] += not r["correct"]
    shares = [(i, wrong[i] / asked[i]) for i in asked]
    return sorted(shares, key=lambda t: (-t[1], -asked[t[0]], t[0]))


@guarded
def quiz(n: int = 12, *, seed: int | str | None = None,
         store: Store | None = None) -> Quiz | w.HTML:
    """Start the classify-it quiz: ``n`` statements, restored where you left off."""
    return Quiz(common.get_course(), n, seed=seed, store=store)
