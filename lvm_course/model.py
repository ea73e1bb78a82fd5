"""Typed, frozen content objects, one class per kind of item in ``data/``.

Validation is pydantic's; cross-file rules (ids that must exist elsewhere, counts)
live in :mod:`lvm_course.content`. The vocabulary is the course's: *pole*
(leadership or management), *pair*, *dimension*, *item*.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "Band", "Case", "Concept", "Contrast", "Dimension", "Ending",
    "FeedbackGroup", "FeedbackRules", "Factor", "Interpretation", "Item", "KeyDifference",
    "Area", "Level", "LiveActivity", "LiveFrom", "LiveKind", "LivePart", "Notebook", "Option",
    "Pair", "PairSide", "Practice", "Prompt", "Quality", "Reading", "ReadingText", "Recall",
    "RecallQuestion", "Scenario", "Skill", "Source", "Statement", "Step", "Tip", "FILE_MODELS",
]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
#: an article's file name, or ``course``: the course's own addition, not from an article
SourceId = Annotated[str, StringConstraints(pattern=r"^([0-9]{3}_[0-9a-f]+\.txt|course)$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=14)]
Pole = Literal["leadership", "management"]
Answer = Literal["leadership", "management", "both"]
Choice = Literal["lead", "manage", "both"]
#: a scenario choice: the call the articles support, another defensible one, or not
Verdict = Literal["best", "accepted", "rethink"]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=90)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _Cited(_Frozen):
    id: Id
    source: SourceId
    #: further articles that say the same (or, with ``differ``, something else)
    see_also: tuple[SourceId, ...] = ()


class Source(_Frozen):
    id: SourceId
    title: Text


class Prompt(_Frozen):
    """A question each trainee answers privately in a notebook (saved, carried into 06)."""

    id: Id
    text: Text


class Notebook(_Frozen):
    id: Id
    title: Text
    minutes: int = Field(ge=1, le=240)
    objectives: tuple[Text, ...] = Field(min_length=1)
    key_points: tuple[Text, ...] = Field(min_length=1)
    #: questions the facilitator asks the room after this part (the workshop guide)
    discussion: tuple[Text, ...] = Field(default=(), max_length=6)
    #: questions each trainee answers for themselves, in the notebook
    reflection: tuple[Prompt, ...] = Field(default=(), max_length=3)


class Concept(_Cited):
    title: Text
    text: Text


class PairSide(_Frozen):
    dimension: Id
    name: Text
    definition: Text
    actions: tuple[Text, ...] = Field(min_length=1)
    example: Text


class Pair(_Cited):
    title: Text
    leadership: PairSide
    management: PairSide


class Band(_Frozen):
    id: Literal["low", "medium", "high"]
    label: Text
    upto: float = Field(gt=1, le=5)


class Interpretation(_Frozen):
    low: Text
    medium: Text
    high: Text


class Tip(_Cited):
    text: Text


class Dimension(_Cited):
    name: Text
    short: Short
    pole: Pole
    pair: Id
    description: Text
    interpretation: Interpretation
    tips: tuple[Tip, ...] = Field(min_length=2, max_length=3)


class ReadingText(_Frozen):
    text: Text
    source: SourceId


class Reading(_Frozen):
    """How a profile reads: one text per case (see :func:`..interpret.profile_reading`)."""

    gap: float = Field(gt=0, le=4)
    both_strong: ReadingText
    both_developing: ReadingText
    both_low: ReadingText
    management_lags: ReadingText
    leadership_lags: ReadingText


class Item(_Cited):
    """One behaviour: ``text`` as the trainee rates themselves ("I ..."), ``observer`` as a
    colleague rating them sees it ("They ..."). ``may_not_apply`` offers the scale's
    "not applicable" answer, which is never scored."""

    text: Text
    observer: Text
    dimension: Id
    reverse: bool
    may_not_apply: bool = False


class _Disputed(_Cited):
    """An item the articles place differently: ``accepts`` lists the other answers the
    course accepts, and ``differ`` says, in a sentence or two, how the sources differ."""

    differ: Text | None = None


class Skill(_Disputed):
    name: Text
    description: Text
    pole: Pole  # where the cited article puts it
    set: Literal["core", "growth"]
    accepts: tuple[Answer, ...] = ()


class Quality(_Disputed):
    text: Text
    pole: Pole
    accepts: tuple[Answer, ...] = ()


class Practice(_Cited):
    title: Text
    text: Text


class KeyDifference(_Cited):
    leadership: Text
    management: Text


class Area(_Cited):
    title: Text
    leadership: Text
    management: Text


class Contrast(_Cited):
    leadership: Text
    management: Text


class Statement(_Disputed):
    text: Text
    answer: Answer
    explanation: Text
    accepts: tuple[Answer, ...] = ()


class Option(_Frozen):
    """One choice at a scenario step: what happens next, the verdict and why, and where
    the story goes (``next``: a step or an ending of the same scenario)."""

    id: Id                       # unique within its step
    label: Label                 # what the trainee picks (a radio button's text)
    consequence: Text            # the story's next beat, shown before the feedback
    verdict: Verdict
    feedback: Text               # the reasoning, whichever verdict
    next: Id
    source: SourceId             # where the reasoning comes from


class Step(_Cited):
    """A point in a scenario where the trainee chooses; ``source`` covers the situation
    and the consequences (the story), each choice's ``source`` its reasoning."""

    title: Text
    situation: Text
    choices: tuple[Option, ...] = Field(min_length=2, max_length=5)


class Ending(_Cited):
    """Where a path through a scenario stops."""

    title: Text
    text: Text


class Scenario(_Cited):
    """A branching scenario: it starts at the first step; choices lead to other steps
    and, in the end, to one of the endings (checked in :mod:`lvm_course.branching`)."""

    title: Text
    intro: Text
    takeaway: ReadingText        # shown at every ending
    steps: tuple[Step, ...] = Field(min_length=1)
    endings: tuple[Ending, ...] = Field(min_length=1)


class Level(_Frozen):
    id: Literal["low", "medium", "high"]
    label: Text
    lean: int = Field(ge=-2, le=2)
    reason: Text
    #: where this level's reason comes from, when not from the factor's source
    #: (``course`` where the article says nothing about this level)
    source: SourceId | None = None


class Factor(_Cited):
    label: Text
    levels: tuple[Level, ...] = Field(min_length=3, max_length=3)


class Case(_Disputed):
    text: Text
    best: Choice
    explanation: Text
    accepts: tuple[Choice, ...] = ()


class RecallQuestion(_Cited):
    """A short question on an earlier part (the recall quizzes of 04 and 06)."""

    recalls: Id  # the notebook it comes from
    text: Text
    options: tuple[Text, ...] = Field(min_length=2, max_length=5)
    answer: Text  # one of the options, word for word
    explanation: Text


class Recall(_Frozen):
    """The recall quiz shown in one notebook."""

    notebook: Id
    questions: tuple[RecallQuestion, ...] = Field(min_length=2, max_length=8)


LiveKind = Literal["choice", "scenario", "scale", "words", "questions"]


class LiveFrom(_Frozen):
    """The course item a live activity is drawn from: exactly one of these (checked in
    :mod:`lvm_course.content`), so the room votes on what the notebooks teach."""

    statement: Id | None = None  # a classify-it statement: lead, manage or both
    case: Id | None = None       # a when-to-lead case: lead, manage or both
    skill: Id | None = None      # a skill card: leadership or management
    quality: Id | None = None    # a quality card
    recall: Id | None = None     # a recall question and its options
    scenario: Id | None = None   # a branching scenario, voted step by step
    dimension: Id | None = None  # a questionnaire dimension, as a 1-5 scale


class LiveActivity(_Frozen):
    """One thing a facilitator can ask the room in a part (``data/live.yaml``).

    Drawn from a course item (``from``), or written here: a ``question`` with its own
    ``options`` (a choice; ``answer`` one of them, or none for a poll), ``labels`` (a
    scale), or nothing more (words, questions). ``prompt`` is what to discuss once the
    results are up.
    """

    id: Id
    kind: LiveKind
    drawn_from: LiveFrom | None = Field(default=None, alias="from")
    question: Text | None = None
    options: tuple[Label, ...] = ()
    answer: Label | None = None
    explanation: Text | None = None
    labels: tuple[Label, ...] = ()
    max_words: int = Field(default=3, ge=1, le=8)
    prompt: Text
    source: SourceId | None = None
    see_also: tuple[SourceId, ...] = ()


class LivePart(_Frozen):
    """The live activities of one part, in the order a facilitator would run them."""

    part: Id
    activities: tuple[LiveActivity, ...] = Field(min_length=1)


# One model per file: what its top level must hold.
class _SourcesFile(_Frozen):
    sources: tuple[Source, ...] = Field(min_length=1)


class _CourseFile(_Frozen):
    notebooks: tuple[Notebook, ...] = Field(min_length=1)


class _ConceptsFile(_Frozen):
    concepts: tuple[Concept, ...] = Field(min_length=1)


class _PairsFile(_Frozen):
    pairs: tuple[Pair, ...] = Field(min_length=1)


class _DimensionsFile(_Frozen):
    bands: tuple[Band, Band, Band]
    dimensions: tuple[Dimension, ...] = Field(min_length=2)
    reading: Reading


class _QuestionnaireFile(_Frozen):
    scale: tuple[Text, Text, Text, Text, Text]
    not_applicable: Text
    not_seen: Text
    disclaimer: ReadingText
    items: tuple[Item, ...] = Field(min_length=1)


class FeedbackGroup(_Frozen):
    """A kind of rater in 360-degree feedback: ``label`` names the group in the report
    ("Peers"), ``rater`` tells a rater how they were asked ("a peer, ...")."""

    id: Id
    label: Text
    rater: Text


class FeedbackRules(_Frozen):
    """``feedback.yaml``: the rater groups and the anonymity rules (thresholds are checked
    in :mod:`lvm_course.content`: never below 3)."""

    groups: tuple[FeedbackGroup, ...] = Field(min_length=2, max_length=6)
    min_group_size: int = Field(le=50)
    allow_manager_alone: bool = False
    min_comments: int = Field(le=50)
    largest_gaps: int = Field(default=5, ge=1, le=20)
    min_gap: float = Field(default=0.5, gt=0, le=4)
    not_able: Text

    def group(self, id_: str) -> FeedbackGroup:
        for g in self.groups:
            if g.id == id_:
                return g
        raise KeyError(f"no rater group with id '{id_}'")


class _SkillsFile(_Frozen):
    skills: tuple[Skill, ...] = Field(min_length=1)
    qualities: tuple[Quality, ...] = Field(min_length=1)
    practice: tuple[Practice, ...] = Field(min_length=1)


class _DifferencesFile(_Frozen):
    key_differences: tuple[KeyDifference, ...] = Field(min_length=1)
    areas: tuple[Area, ...] = Field(min_length=1)
    contrasts: tuple[Contrast, ...] = Field(min_length=1)


class _StatementsFile(_Frozen):
    statements: tuple[Statement, ...] = Field(min_length=1)


class _ScenariosFile(_Frozen):
    scenarios: tuple[Scenario, ...] = Field(min_length=1)


class _RecallFile(_Frozen):
    recall: tuple[Recall, ...] = Field(min_length=1)


class _SituationsFile(_Frozen):
    factors: tuple[Factor, ...] = Field(min_length=1)
    cases: tuple[Case, ...] = Field(min_length=1)


class _FeedbackFile(FeedbackRules):
    pass


class _LiveFile(_Frozen):
    live: tuple[LivePart, ...] = Field(min_length=1)


class _BlocklistFile(_Frozen):
    #: words (or short phrases) never shown on the stage, whatever the facilitator does
    blocklist: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                      max_length=60)], ...] = ()


#: file name -> the model its top level is validated against
FILE_MODELS: dict[str, type[BaseModel]] = {
    "sources.yaml": _SourcesFile,
    "course.yaml": _CourseFile,
    "concepts.yaml": _ConceptsFile,
    "pairs.yaml": _PairsFile,
    "dimensions.yaml": _DimensionsFile,
    "questionnaire.yaml": _QuestionnaireFile,
    "skills.yaml": _SkillsFile,
    "differences.yaml": _DifferencesFile,
    "statements.yaml": _StatementsFile,
    "scenarios.yaml": _ScenariosFile,
    "situations.yaml": _SituationsFile,
    "recall.yaml": _RecallFile,
    "feedback.yaml": _FeedbackFile,
    "live.yaml": _LiveFile,
    "blocklist.yaml": _BlocklistFile,
}
