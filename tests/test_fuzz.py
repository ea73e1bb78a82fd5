"""Property and fuzz tests (issue 6): any input gives a result or *our* error.

Scoring, the profile loader, the content loader, the group reader and the answer
store get arbitrary JSON values, bytes and YAML. Each must return a valid result
or raise the course's own error type with a message; any other exception, or a
hang (pytest-timeout), fails. ``make test`` runs the "ci" budget (150 examples per
property, derandomised so CI is repeatable); ``make fuzz`` runs 20,000 each.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lvm_course.content import check_content, load_course
from lvm_course.errors import AnswerError, ContentError, LvmCourseError, ProfileError
from lvm_course.profile import decode_json, new_profile, parse_profile, profile_document
from lvm_course.scoring import Scores, score

from .conftest import _RELIABILITY, DATA

pytestmark = pytest.mark.timeout(900)

COURSE = load_course(DATA)
ITEM_IDS = [i.id for i in COURSE.items]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) |
    st.text(max_size=30),
    lambda kids: st.lists(kids, max_size=6) | st.dictionaries(st.text(max_size=12), kids,
                                                              max_size=6),
    max_leaves=40)
# answers that are *nearly* right: real ids, values around the scale
answer_maps = st.dictionaries(st.sampled_from(ITEM_IDS) | st.text(max_size=20),
                              st.integers(-2, 8) | json_values, max_size=30)
TRIED: dict[str, int] = {}


def _tried(name: str) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def _figures():
    yield
    total = sum(TRIED.values())
    row = _RELIABILITY.setdefault("Fuzzed inputs (hypothesis, 6 properties)",
                                  {"cases": 0, "result": ""})
    row["cases"] = int(row["cases"]) + total  # type: ignore[call-overload]
    row["result"] = "a valid result or our own error every time; 0 other exceptions"


def _check_scores(s: Scores) -> None:
    for d in s.dimensions.values():
        assert d.score is None or 1 <= d.score <= 5
        assert d.spread is None or 0 <= d.spread <= 2
    if s.balance is not None:
        assert math.isclose(s.balance, s.leadership - s.management)


@given(answer_maps)
def test_scoring_any_answers(answers):
    _tried("scoring")
    try:
        _check_scores(score(COURSE, answers))
    except AnswerError as exc:
        assert str(exc)


@given(json_values | st.builds(lambda a, extra: {**profile_document(
    new_profile(COURSE, {i: 3 for i in ITEM_IDS})), **extra},
    st.none(), st.dictionaries(st.sampled_from(
        ["kind", "schema_version", "created", "label", "answers", "scores", "x"]),
        json_values, max_size=3)))
def test_profile_parser_any_json(doc):
    _tried("profile json")
    try:
        p = parse_profile(COURSE, doc, "fuzz.json")
        _check_scores(p.scores)
    except ProfileError as exc:
        assert str(exc).startswith("fuzz.json: ") and "\n" not in str(exc)


@given(st.binary(max_size=400) | json_values.map(lambda v: json.dumps(v).encode()))
def test_profile_bytes(raw):
    _tried("profile bytes")
    try:
        parse_profile(COURSE, decode_json(raw, "fuzz.json"), "fuzz.json")
    except ProfileError as exc:
        assert str(exc).startswith("fuzz.json: ")


DATA_FILES = sorted(p.name for p in DATA.glob("*.yaml"))
yaml_texts = (json_values.map(lambda v: yaml.safe_dump(v)) | st.text(max_size=300) |
              st.binary(max_size=200).map(lambda b: b.decode("latin-1")))


@settings(max_examples=max(20, settings().max_examples // 5))
@given(st.sampled_from(DATA_FILES), yaml_texts)
def test_content_loader_any_yaml(name, text):
    _tried("content yaml")
    folder = _content_copy()
    try:
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = check_content(folder)  # never raises
        assert all(p.file and p.message for p in problems)
        try:
            load_course(folder)
        except ContentError as exc:
            assert exc.problems
        else:
            assert problems == []
    finally:
        shutil.copyfile(DATA / name, folder / name)


_COPY: list[Path] = []


def _content_copy() -> Path:
    """One writable copy of data/ for the whole module (each example restores its file)."""
    if not _COPY:
        folder = Path(tempfile.mkdtemp(prefix="lvm-fuzz-")) / "data"
        shutil.copytree(DATA, folder)
        _COPY.append(folder)
    return _COPY[0]


@settings(max_examples=max(20, settings().max_examples // 3))
@given(st.lists(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
                max_size=8))
def test_group_reader_any_files(contents):
    from lvm_course.group import read_folder, summarise

    _tried("group files")
    with tempfile.TemporaryDirectory() as tmp:
        for k, raw in enumerate(contents):
            Path(tmp, f"f{k}.json").write_bytes(raw)
        data = read_folder(COURSE, tmp)
        assert len(data.skipped) + summarise(COURSE, data, min_group=3).n == len(contents)


@given(st.binary(max_size=300))
def test_store_any_bytes(raw):
    from lvm_course.store import Store

    _tried("answer store")
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "quiz.json").write_bytes(raw)
        s = Store("quiz", tmp)
        s.set("x", 1)  # still usable
        assert Store("quiz", tmp).get("x") == 1
        if s.problem:
            assert list(Path(tmp).glob("quiz.corrupt-*.json"))


def test_errors_are_the_courses_own():
    """The error types above all share one base a notebook can catch."""
    for err in (AnswerError, ProfileError, ContentError):
        assert issubclass(err, LvmCourseError)
