"""Load and validate the course content in ``data/`` into one frozen :class:`Course`.

Every problem in every file is collected before anything is raised, so an author
fixes them all in one pass (``lvm-course check``). Each problem names the file, the
line, the item id and the field.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import model as m
from .branching import graph_problems
from .errors import ContentError, Problem
from .paths import data_dir
from .yamlfile import YamlFile, read_yaml

__all__ = ["Course", "MIN_ANONYMITY", "MIN_ITEMS_PER_DIMENSION", "check_content", "load_course"]

MIN_ITEMS_PER_DIMENSION = 4
# Observer wording speaks of the colleague rated ("They ..."), never in the first person.
_FIRST_PERSON = re.compile(r"\b(I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Oo]ur|[Uu]s)\b")
# Lists whose ids are unique only within their parent (levels, a step's choices): "parent/id".
_LOCAL_ID_LISTS = {"levels", "bands", "choices"}


@dataclass(frozen=True)
class Course:
    """All the content of the course; built only by :func:`load_course`."""

    sources: tuple[m.Source, ...]
    notebooks: tuple[m.Notebook, ...]
    concepts: tuple[m.Concept, ...]
    pairs: tuple[m.Pair, ...]
    bands: tuple[m.Band, ...]
    dimensions: tuple[m.Dimension, ...]
    reading: m.Reading
    scale: tuple[str, ...]
    not_applicable: str  # the extra, never scored, answers (see data/README.md)
    not_seen: str
    disclaimer: m.ReadingText | None  # what the questionnaire is and is not
    items: tuple[m.Item, ...]
    skills: tuple[m.Skill, ...]
    qualities: tuple[m.Quality, ...]
    practice: tuple[m.Practice, ...]
    key_differences: tuple[m.KeyDifference, ...]
    areas: tuple[m.Area, ...]
    contrasts: tuple[m.Contrast, ...]
    statements: tuple[m.Statement, ...]
    scenarios: tuple[m.Scenario, ...]
    factors: tuple[m.Factor, ...]
    cases: tuple[m.Case, ...]
    recall: tuple[m.Recall, ...]
    feedback: m.FeedbackRules  # 360-degree feedback: rater groups and anonymity rules
    live: tuple[m.LivePart, ...] = ()  # the run of show: what a facilitator asks the room
    blocklist: tuple[str, ...] = ()  # words never shown on the stage (a trust edits it)
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        idx = self._index
        for kind in ("sources", "concepts", "pairs", "dimensions", "items", "statements",
                     "scenarios", "notebooks", "skills", "qualities", "factors", "cases"):
            idx[kind] = {x.id: x for x in getattr(self, kind)}
        idx["recall_questions"] = {q.id: q for quiz in self.recall for q in quiz.questions}

    def _get(self, kind: str, id_: str) -> Any:
        try:
            return self._index[kind][id_]
        except KeyError:
            name = {"qualities": "quality", "recall_questions": "recall question"}.get(
                kind, kind[:-1])
            raise KeyError(f"no {name} with id '{id_}'") from None

    def concept(self, id_: str) -> m.Concept:
        return self._get("concepts", id_)

    def dimension(self, id_: str) -> m.Dimension:
        return self._get("dimensions", id_)

    def item(self, id_: str) -> m.Item:
        return self._get("items", id_)

    def pair(self, id_: str) -> m.Pair:
        return self._get("pairs", id_)

    def scenario(self, id_: str) -> m.Scenario:
        return self._get("scenarios", id_)

    def notebook(self, id_: str) -> m.Notebook:
        return self._get("notebooks", id_)

    def statement(self, id_: str) -> m.Statement:
        return self._get("statements", id_)

    def case(self, id_: str) -> m.Case:
        return self._get("cases", id_)

    def skill(self, id_: str) -> m.Skill:
        return self._get("skills", id_)

    def quality(self, id_: str) -> m.Quality:
        return self._get("qualities", id_)

    def recall_question(self, id_: str) -> m.RecallQuestion:
        return self._get("recall_questions", id_)

    def source_title(self, id_: str) -> str:
        return self._get("sources", id_).title

    def has_item(self, id_: str) -> bool:
        return id_ in self._index["items"]

    def dimensions_of(self, pole: str) -> tuple[m.Dimension, ...]:
        return tuple(d for d in self.dimensions if d.pole == pole)

    def items_of(self, dimension_id: str) -> tuple[m.Item, ...]:
        return tuple(i for i in self.items if i.dimension == dimension_id)

    def band(self, score: float) -> m.Band:
        """The band a 1-5 score falls in (each band covers scores up to ``upto``)."""
        for band in self.bands:
            if score <= band.upto:
                return band
        return self.bands[-1]


_FRIENDLY = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field (check its spelling)",
    "string_too_short": "must not be empty",
}


def _validation_problems(yf: YamlFile, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # the field path inside the innermost list item: ('items', 3, 'dimension') -> dimension
        last_index = max((n for n, p in enumerate(loc) if isinstance(p, int)), default=-1)
        fields = [str(p) for p in loc[last_index + 1:]]
        message = _FRIENDLY.get(err["type"], err["msg"].rstrip("."))
        if err["type"] not in _FRIENDLY and "input" in err and not isinstance(
                err["input"], (dict, list)):
            message += f" (got {err['input']!r:.60})"
        problems.append(Problem(yf.name, message, line=yf.line_of(loc),
                                item=_item_name(yf, loc), field=".".join(fields) or None))
    return problems


def _item_name(yf: YamlFile, loc: tuple[Any, ...]) -> str | None:
    """The innermost item's id; "step/choice" for an item of a local-id list."""
    item = yf.item_id(loc)
    for n in range(len(loc) - 2, 0, -1):
        if loc[n] in _LOCAL_ID_LISTS and isinstance(loc[n + 1], int):
            parent = yf.item_id(loc[:n])
            return f"{parent}/{item}" if parent and item and parent != item else item
    return item


def _walk(value: Any, loc: tuple[Any, ...] = ()):
    """Yield (loc, mapping, parent key) for every mapping in a parsed YAML tree."""
    if isinstance(value, dict):
        yield loc, value, (loc[-2] if len(loc) >= 2 and isinstance(loc[-1], int) else None)
        for k, v in value.items():
            yield from _walk(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*loc, i))


def _id_problems(yf: YamlFile) -> list[Problem]:
    problems, seen, local = [], {}, Counter()
    for loc, mapping, parent in _walk(yf.data):
        id_ = mapping.get("id")
        if not isinstance(id_, str):
            continue
        if parent in _LOCAL_ID_LISTS:
            key = (loc[:-1], id_)
            local[key] += 1
            if local[key] == 2:
                problems.append(Problem(yf.name, f"the id '{id_}' is used twice in this list",
                                        line=yf.line_of(loc), item=_item_name(yf, loc),
                                        field="id"))
        elif id_ in seen:
            problems.append(Problem(yf.name, f"duplicate id (first used on line {seen[id_]})",
                                    line=yf.line_of(loc), item=id_, field="id"))
        else:
            seen[id_] = yf.line_of(loc)
    return problems


def _source_problems(yf: YamlFile, known: set[str]) -> list[Problem]:
    problems = []
    for loc, mapping, _ in _walk(yf.data):
        src = mapping.get("source")
        if isinstance(src, str) and known and src not in known:
            problems.append(Problem(yf.name, f"unknown source '{src}' (not in sources.yaml)",
                                    line=yf.line_of((*loc, "source")),
                                    item=mapping.get("id"), field="source"))
        also = mapping.get("see_also")
        for k, other in enumerate(also if isinstance(also, list) else []):
            if isinstance(other, str) and known and other not in known:
                problems.append(Problem(yf.name, f"unknown source '{other}' in see_also",
                                        line=yf.line_of((*loc, "see_also", k)),
                                        item=mapping.get("id"), field="see_also"))
    return problems


def _recall_problems(files: dict[str, YamlFile], c: dict[str, Any]) -> list[Problem]:
    """A recall quiz sits in a known notebook and asks about earlier ones only."""
    out: list[Problem] = []
    order = [nb.id for nb in c["notebooks"]]
    for i, quiz in enumerate(c["recall"]):
        yf = files["recall.yaml"]
        if order and quiz.notebook not in order:
            out.append(Problem("recall.yaml", f"unknown notebook '{quiz.notebook}'",
                               line=yf.line_of(("recall", i, "notebook")), field="notebook"))
            continue
        for k, q in enumerate(quiz.questions):
            found = []
            if order and (q.recalls not in order or
                          order.index(q.recalls) >= order.index(quiz.notebook)):
                found.append((f"'{q.recalls}' is not a part that comes before "
                              f"'{quiz.notebook}'", "recalls"))
            if q.answer not in q.options:
                found.append(("the answer must be one of the options, word for word",
                              "answer"))
            if len(set(q.options)) != len(q.options):
                found.append(("two options are the same", "options"))
            out += [Problem("recall.yaml", message, item=q.id, field=fld,
                            line=yf.line_of(("recall", i, "questions", k, fld)))
                    for message, fld in found]
    return out


def _disputed_problems(files: dict[str, YamlFile], c: dict[str, Any]) -> list[Problem]:
    """Answers accepted besides the main one: no repeats, and a reason for them."""
    out: list[Problem] = []
    for file, kind, main in (("statements.yaml", "statements", "answer"),
                             ("skills.yaml", "skills", "pole"),
                             ("skills.yaml", "qualities", "pole"),
                             ("situations.yaml", "cases", "best")):
        for i, item in enumerate(c[kind]):
            yf = files[file]
            where = yf.line_of((kind, i, "accepts"))
            if getattr(item, main) in item.accepts or \
                    len(set(item.accepts)) != len(item.accepts):
                out.append(Problem(file, f"'accepts' repeats an answer (the main one is "
                                   f"'{getattr(item, main)}')", line=where, item=item.id,
                                   field="accepts"))
            if item.accepts and not item.differ:
                out.append(Problem(file, "more than one answer is accepted: say why in "
                                   "'differ' (how the sources differ, or why it depends)",
                                   line=where, item=item.id, field="differ"))
    return out


def _cross_problems(files: dict[str, YamlFile], c: dict[str, Any]) -> list[Problem]:
    """Rules that span files: references exist, poles agree, enough items per dimension."""
    out: list[Problem] = []
    dims = {d.id: d for d in c["dimensions"]}
    pairs = {p.id: p for p in c["pairs"]}

    def add(file, loc, message, item=None, fld=None):
        yf = files[file]
        out.append(Problem(file, message, line=yf.line_of(loc), item=item, field=fld))

    for i, item in enumerate(c["items"]):
        if item.dimension not in dims:
            add("questionnaire.yaml", ("items", i, "dimension"),
                f"unknown dimension '{item.dimension}'", item.id, "dimension")
        found = _FIRST_PERSON.search(item.observer)
        if found:
            add("questionnaire.yaml", ("items", i, "observer"), "observer wording speaks of "
                f"the colleague rated (\"They ...\"), not '{found.group(0)}'", item.id,
                "observer")
    for i, dim in enumerate(c["dimensions"]):
        if pairs and dim.pair not in pairs:
            add("dimensions.yaml", ("dimensions", i, "pair"), f"unknown pair '{dim.pair}'",
                dim.id, "pair")
        its = [x for x in c["items"] if x.dimension == dim.id]
        if len(its) < MIN_ITEMS_PER_DIMENSION:
            add("dimensions.yaml", ("dimensions", i),
                f"has {len(its)} questionnaire item(s); needs at least "
                f"{MIN_ITEMS_PER_DIMENSION}", dim.id)
        if its and not any(x.reverse for x in its):
            add("dimensions.yaml", ("dimensions", i),
                "has no reverse-keyed questionnaire item; needs at least one", dim.id)
        if 2 * sum(x.may_not_apply for x in its) > len(its):  # or some could never score
            add("dimensions.yaml", ("dimensions", i),
                "more than half its questionnaire items are marked may_not_apply", dim.id)
    for pole in ("leadership", "management"):
        if dims and not any(d.pole == pole for d in dims.values()):
            add("dimensions.yaml", ("dimensions",), f"no dimension has pole '{pole}'")
    for i, pair in enumerate(c["pairs"]):
        for pole in ("leadership", "management"):
            side = getattr(pair, pole)
            dim = dims.get(side.dimension)
            if dims and dim is None:
                add("pairs.yaml", ("pairs", i, pole, "dimension"),
                    f"unknown dimension '{side.dimension}'", pair.id, f"{pole}.dimension")
            elif dim is not None and dim.pole != pole:
                add("pairs.yaml", ("pairs", i, pole, "dimension"),
                    f"dimension '{dim.id}' has pole '{dim.pole}', not '{pole}'",
                    pair.id, f"{pole}.dimension")
    bands = c["bands"]
    if bands:
        if [b.id for b in bands] != ["low", "medium", "high"]:
            add("dimensions.yaml", ("bands",), "bands must be low, medium, high in that order")
        if any(a.upto >= b.upto for a, b in zip(bands, bands[1:], strict=False)) or \
                bands[-1].upto != 5:
            add("dimensions.yaml", ("bands",),
                "band limits ('upto') must rise and the last must be 5")
    if "scenarios.yaml" in files:
        out += graph_problems(files["scenarios.yaml"])
    for i, factor in enumerate(c["factors"]):
        if [lv.id for lv in factor.levels] != ["low", "medium", "high"]:
            add("situations.yaml", ("factors", i, "levels"),
                "levels must be low, medium, high in that order", factor.id, "levels")
    return out + _disputed_problems(files, c) + _recall_problems(files, c) + \
        _feedback_problems(files, c) + _live_problems(files, c)


#: which course items a live activity can be drawn from, and the kind it then is
_LIVE_FROM = {"statement": ("choice", "statements"), "case": ("choice", "cases"),
              "skill": ("choice", "skills"), "quality": ("choice", "qualities"),
              "recall": ("choice", None), "scenario": ("scenario", "scenarios"),
              "dimension": ("scale", "dimensions")}


def _live_problems(files: dict[str, YamlFile], c: dict[str, Any]) -> list[Problem]:
    """The run of show: known parts, items that exist, and each kind complete."""
    yf = files.get("live.yaml")
    if yf is None:
        return []
    out: list[Problem] = []
    order = [nb.id for nb in c["notebooks"]]
    known = {kind: {x.id for x in c[plural]} for kind, (_k, plural) in _LIVE_FROM.items()
             if plural}
    known["recall"] = {q.id for quiz in c["recall"] for q in quiz.questions}
    seen_parts: set[str] = set()
    for i, block in enumerate(c["live"]):
        if order and block.part not in order:
            out.append(Problem("live.yaml", f"unknown part '{block.part}'",
                               line=yf.line_of(("live", i, "part")), field="part"))
        if block.part in seen_parts:
            out.append(Problem("live.yaml", f"part '{block.part}' is listed twice: put all "
                               "its activities under one entry",
                               line=yf.line_of(("live", i, "part")), field="part"))
        seen_parts.add(block.part)
        for k, act in enumerate(block.activities):
            out += [Problem("live.yaml", message, item=act.id, field=fld,
                            line=yf.line_of(("live", i, "activities", k, fld)))
                    for message, fld in _live_activity_problems(act, known)]
    return out


def _live_activity_problems(act: m.LiveActivity, known: dict[str, set[str]]
                            ) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    src = act.drawn_from
    named = [k for k in _LIVE_FROM if src is not None and getattr(src, k)]
    if src is not None and len(named) != 1:
        return [("'from' names exactly one course item (statement, case, skill, quality, "
                 "recall, scenario or dimension)", "from")]
    if named:
        what = named[0]
        kind, _plural = _LIVE_FROM[what]
        ref = getattr(src, what)
        if known[what] and ref not in known[what]:  # (an empty list: its file failed)
            found.append((f"unknown {what} '{ref}'", "from"))
        if act.kind != kind:
            found.append((f"an activity drawn from a {what} is a '{kind}', not "
                          f"'{act.kind}'", "kind"))
        if act.options or act.answer:
            found.append(("an activity drawn from the course takes its options and answer "
                          "from the item: leave 'options' and 'answer' out", "options"))
        return found
    if act.kind == "scenario":
        return [("a scenario activity names its scenario: from: {scenario: <id>}", "from")]
    if act.question is None:
        found.append(("write the 'question' (or draw it from a course item with 'from')",
                      "question"))
    if act.source is None:
        found.append(("a question written here needs a 'source' (an article, or course)",
                      "source"))
    if act.kind == "choice":
        if not 2 <= len(act.options) <= 5 or len(set(act.options)) != len(act.options):
            found.append(("a choice needs 2 to 5 different options", "options"))
        if act.answer is not None and act.answer not in act.options:
            found.append(("the answer must be one of the options, word for word", "answer"))
        if act.answer is not None and not act.explanation:
            found.append(("a choice with an answer says why in 'explanation'",
                          "explanation"))
    elif act.options or act.answer:
        found.append((f"a '{act.kind}' has no options or answer", "options"))
    if act.labels and (act.kind != "scale" or not 2 <= len(act.labels) <= 5
                       or len(set(act.labels)) != len(act.labels)):
        found.append(("'labels' are for a scale: 2 to 5 different ones", "labels"))
    return found


#: no programme may set an anonymity threshold below this (see data/feedback.yaml)
MIN_ANONYMITY = 3


def _feedback_problems(files: dict[str, YamlFile], c: dict[str, Any]) -> list[Problem]:
    """The anonymity rules are never weaker than :data:`MIN_ANONYMITY`."""
    rules, yf = c.get("feedback"), files.get("feedback.yaml")
    if rules is None or yf is None:
        return []
    out = []
    for key in ("min_group_size", "min_comments"):
        value = getattr(rules, key)
        if value < MIN_ANONYMITY:
            out.append(Problem("feedback.yaml", f"is {value}, but may never be below "
                               f"{MIN_ANONYMITY}: with fewer, a trainee could tell who said "
                               "what", line=yf.line_of((key,)), field=key))
    if rules.allow_manager_alone and not any(g.id == "manager" for g in rules.groups):
        out.append(Problem("feedback.yaml", "is true, but no group has the id 'manager'",
                           line=yf.line_of(("allow_manager_alone",)),
                           field="allow_manager_alone"))
    return out


_DEFAULTS: dict[str, Any] = {
    "sources": (), "notebooks": (), "concepts": (), "pairs": (), "bands": (),
    "dimensions": (), "reading": None, "scale": (), "not_applicable": "", "not_seen": "",
    "disclaimer": None, "items": (), "skills": (), "qualities": (), "practice": (),
    "key_differences": (), "areas": (), "contrasts": (),
    "statements": (), "scenarios": (), "factors": (), "cases": (), "recall": (), "feedback": None,
    "live": (), "blocklist": (),
}


def _load(folder: Path) -> tuple[Course | None, list[Problem]]:
    problems: list[Problem] = []
    files: dict[str, YamlFile] = {}
    fields: dict[str, Any] = dict(_DEFAULTS)
    if not folder.is_dir():
        return None, [Problem(str(folder), "the content folder does not exist")]
    for name, file_model in m.FILE_MODELS.items():
        yf, found = read_yaml(folder / name)
        problems += found
        if yf is None:
            continue
        files[name] = yf
        problems += _id_problems(yf)
        try:
            parsed = file_model.model_validate(yf.data)
        except ValidationError as exc:
            problems += _validation_problems(yf, exc)
            continue
        if isinstance(parsed, m.FeedbackRules):  # one object, not spread into the course
            fields["feedback"] = parsed
        else:
            fields.update({k: getattr(parsed, k) for k in type(parsed).model_fields})
    known = {s.id for s in fields["sources"]}
    for yf in files.values():
        problems += _source_problems(yf, known)
    if files:
        problems += _cross_problems(files, fields)
    if problems:
        return None, problems
    return Course(**fields), []


def check_content(folder: Path | str | None = None) -> list[Problem]:
    """Every problem in the content folder (empty when it is all valid)."""
    return _load(Path(folder) if folder is not None else data_dir())[1]


@lru_cache(maxsize=8)
def _cached(folder: Path, stamp: tuple[tuple[str, float], ...]) -> Course:
    course, problems = _load(folder)
    if problems:
        raise ContentError(problems)
    assert course is not None
    return course


def load_course(folder: Path | str | None = None) -> Course:
    """The validated course; cached until a file in the folder changes.

    Raises:
        ContentError: listing every problem found, each with file, line and item.
    """
    path = Path(folder if folder is not None else data_dir()).resolve()
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in path.glob("*.yaml"))) \
        if path.is_dir() else ()
    return _cached(path, stamp)
