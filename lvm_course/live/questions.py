"""What the room is asked: a run-of-show activity (``data/live.yaml``) as a question.

An activity is drawn from a course item where one exists, so the room votes on what
the notebooks teach, with the same answer, the same reason, the same source and the
same note where the sources differ:

==============  ====================================================================
``statement``   "Leading, managing or both?" on a classify-it statement (part 01)
``case``        "Lead, manage or both?" on a when-to-lead case (part 04)
``skill``       a skill card: leadership, management or both (part 02)
``quality``     a quality card (part 02)
``recall``      a recall question with its own options (parts 04 and 06)
``scenario``    a branching scenario, voted step by step (part 03)
``dimension``   a questionnaire dimension, on the course's how-often scale (part 05)
==============  ====================================================================

or written in the run of show itself (a question with its own options, a scale with
its own labels, a words or questions prompt), or by the facilitator on the spot
(:func:`one_off`). Everything here is pure: content in, frozen questions out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import Course
from ..model import LiveActivity, Scenario, Step

__all__ = ["LiveQuestion", "Option", "activities_of", "one_off", "question_for",
           "scenario_step"]

_POLES = (("leadership", "Leading"), ("management", "Managing"), ("both", "Both"))
_CALLS = (("lead", "Lead"), ("manage", "Manage"), ("both", "Both"))
#: what a "words" answer may be: a few words, each at most this long
MAX_WORD = 30


@dataclass(frozen=True)
class Option:
    """One answer a trainee can tap; for a scenario step, what follows from it."""

    id: str
    label: str
    consequence: str = ""   # scenario: what happens next
    verdict: str = ""       # scenario: best | accepted | rethink
    feedback: str = ""      # scenario: why
    next: str = ""          # scenario: the step or ending it leads to


@dataclass(frozen=True)
class LiveQuestion:
    """A question put to the room (what every page and the stage show)."""

    id: str
    kind: str                        # choice | scale | words | questions | scenario
    text: str
    prompt: str = ""                 # what to discuss once the results are up
    options: tuple[Option, ...] = ()
    #: the answers that count (the course's own first); empty: a poll with no answer
    answers: tuple[str, ...] = ()
    explanation: str = ""
    differ: str = ""                 # where the sources differ, if they do
    source: str | None = None
    see_also: tuple[str, ...] = ()
    max_words: int = 3
    part: str | None = None
    scenario: str | None = None      # scenario: its id; the step is ``step``
    step: str | None = None
    title: str = ""                  # scenario: the step's title
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def has_answer(self) -> bool:
        return bool(self.answers)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def activities_of(course: Course, part: str) -> tuple[LiveActivity, ...]:
    """The run of show for one part (empty if it has none)."""
    for block in course.live:
        if block.part == part:
            return block.activities
    return ()


def _activity(course: Course, activity_id: str) -> tuple[str, LiveActivity]:
    for block in course.live:
        for act in block.activities:
            if act.id == activity_id:
                return block.part, act
    raise KeyError(f"no live activity with id '{activity_id}'")


def scenario_step(course: Course, scenario: Scenario, step: Step, *, prompt: str = "",
                  activity: str = "", part: str | None = None) -> LiveQuestion:
    """One decision point of a scenario as a vote (the best choice is the answer)."""
    best = [c.id for c in step.choices if c.verdict == "best"]
    accepted = [c.id for c in step.choices if c.verdict == "accepted"]
    return LiveQuestion(
        id=f"{activity or scenario.id}:{step.id}", kind="scenario", text=step.situation,
        prompt=prompt, title=step.title, part=part, scenario=scenario.id, step=step.id,
        options=tuple(Option(c.id, c.label, c.consequence, c.verdict, c.feedback, c.next)
                      for c in step.choices),
        answers=tuple(best + accepted), source=step.source, see_also=step.see_also)


def question_for(course: Course, activity_id: str) -> LiveQuestion:
    """The question an activity of the run of show puts to the room; a scenario's is its
    first step (the room's votes lead on from there).

    Raises:
        KeyError: no activity, or no course item, with that id.
    """
    part, act = _activity(course, activity_id)
    base = {"id": act.id, "prompt": act.prompt, "part": part, "max_words": act.max_words}
    src = act.drawn_from
    if src is not None and src.statement:
        st = course.statement(src.statement)
        return LiveQuestion(kind="choice", text=act.question or st.text,
                            options=tuple(Option(i, label) for i, label in _POLES),
                            answers=(st.answer, *st.accepts), explanation=st.explanation,
                            differ=st.differ or "", source=st.source, see_also=st.see_also,
                            **base)
    if src is not None and src.case:
        case = course.case(src.case)
        return LiveQuestion(kind="choice", text=act.question or case.text,
                            options=tuple(Option(i, label) for i, label in _CALLS),
                            answers=(case.best, *case.accepts), explanation=case.explanation,
                            differ=case.differ or "", source=case.source,
                            see_also=case.see_also, **base)
    if src is not None and (src.skill or src.quality):
        card = course.skill(src.skill) if src.skill else course.quality(src.quality or "")
        name = getattr(card, "name", None) or getattr(card, "text", "")
        why = getattr(card, "description", "") if src.skill else ""
        return LiveQuestion(kind="choice", text=act.question or
                            f"Is this mainly leadership or management? {name}",
                            options=tuple(Option(i, label) for i, label in _POLES),
                            answers=(card.pole, *card.accepts), explanation=why,
                            differ=card.differ or "", source=card.source,
                            see_also=card.see_also, **base)
    if src is not None and src.recall:
        q = course.recall_question(src.recall)
        options = tuple(Option(f"o{n}", text) for n, text in enumerate(q.options, start=1))
        right = next(o.id for o in options if o.label == q.answer)
        return LiveQuestion(kind="choice", text=act.question or q.text, options=options,
                            answers=(right,), explanation=q.explanation, source=q.source,
                            see_also=q.see_also, **base)
    if src is not None and src.scenario:
        sc = course.scenario(src.scenario)
        return scenario_step(course, sc, sc.steps[0], prompt=act.prompt, activity=act.id,
                             part=part)
    if src is not None and src.dimension:
        dim = course.dimension(src.dimension)
        labels = act.labels or course.scale
        return LiveQuestion(kind="scale", text=act.question or
                            f"{dim.name}: how often does your work ask it of you?",
                            options=tuple(Option(str(n), label)
                                          for n, label in enumerate(labels, start=1)),
                            explanation=dim.description, source=dim.source, **base)
    # written in the run of show itself
    if act.kind == "choice":
        options = tuple(Option(f"o{n}", label) for n, label in enumerate(act.options, start=1))
        right = tuple(o.id for o in options if o.label == act.answer)
        return LiveQuestion(kind="choice", text=act.question or "", options=options,
                            answers=right, explanation=act.explanation or "",
                            source=act.source, see_also=act.see_also, **base)
    if act.kind == "scale":
        labels = act.labels or course.scale
        return LiveQuestion(kind="scale", text=act.question or "",
                            options=tuple(Option(str(n), label)
                                          for n, label in enumerate(labels, start=1)),
                            explanation=act.explanation or "", source=act.source, **base)
    return LiveQuestion(kind=act.kind, text=act.question or "", source=act.source,
                        explanation=act.explanation or "", **base)


def one_off(number: int, kind: str, text: str, options: list[str] | None = None) -> LiveQuestion:
    """A question the facilitator writes on the spot: a choice (2-5 options, no right
    answer: a poll) or words.

    Raises:
        ValueError: an empty question, a kind other than choice or words, or a choice
            without 2-5 different options.
    """
    text = " ".join(str(text or "").split())[:300]
    if not text:
        raise ValueError("write the question first")
    if kind == "words":
        return LiveQuestion(id=f"own-{number}", kind="words", text=text)
    if kind != "choice":
        raise ValueError("a question of your own is a choice or words")
    labels = [" ".join(str(o).split())[:90] for o in options or []]
    labels = [label for label in labels if label]
    if not 2 <= len(labels) <= 5 or len(set(labels)) != len(labels):
        raise ValueError("give 2 to 5 different options, one per line")
    return LiveQuestion(id=f"own-{number}", kind="choice", text=text,
                        options=tuple(Option(f"o{n}", label)
                                      for n, label in enumerate(labels, start=1)))
