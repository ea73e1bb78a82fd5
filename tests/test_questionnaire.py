"""The questionnaire's contract: a how-often scale everywhere, one behaviour per item in
two wordings (self and observer), "not applicable" saved but never scored, and a plain
statement of what the questionnaire is not, on the page and on the handout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from lvm_course.content import check_content
from lvm_course.errors import AnswerError
from lvm_course.handout import profile_pages
from lvm_course.profile import load_profile
from lvm_course.scoring import score
from lvm_course.store import Store
from lvm_course.widgets import session as session_mod
from lvm_course.widgets.results import profile_results
from lvm_course.widgets.session import NOT_APPLICABLE, ProfileSession, session
from lvm_course.widgets.survey import questionnaire

from .conftest import DATA, REPO

FREQUENCY = ["Never", "Rarely", "Sometimes", "Often", "Always"]
AGREE = re.compile(r"\b(dis)?agree\b|\bneither\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _fresh_sessions():
    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()


def _notebook_text(name: str) -> str:
    cells = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# --- the scale -------------------------------------------------------------------------
def test_the_scale_is_how_often_in_the_data_the_page_and_the_handout(course, home):
    assert list(course.scale) == FREQUENCY
    q = questionnaire()
    ctrl = q.controls[course.items[0].id]
    assert [label for label, _ in ctrl.options][:5] == FREQUENCY
    assert [value for _, value in ctrl.options][:5] == [1, 2, 3, 4, 5]
    page = _notebook_text("05_self_profile.ipynb")
    assert "how often" in page and "*Never*" in page and "*Always*" in page
    handout = " ".join(profile_pages(course, score(course, {})).texts())
    assert "how often, from Never (1) to Always (5)" in handout


def test_no_agree_disagree_wording_is_left(course):
    """The old agreement scale is gone from the data, the notebook text and the guides."""
    raw = (DATA / "questionnaire.yaml").read_text(encoding="utf-8")
    assert not AGREE.search(raw)
    assert not AGREE.search(_notebook_text("05_self_profile.ipynb"))
    authors = (DATA / "README.md").read_text(encoding="utf-8")
    assert "Never, Rarely, Sometimes, Often, Always" in authors
    assert "Strongly disagree" not in authors


def test_items_are_written_for_a_how_often_scale(course):
    """No frequency word inside an item (\"I rarely ...\" answered \"Often\" is a puzzle)."""
    inside = re.compile(r"\b(rarely|usually|often|always|never|seldom|tend to)\b", re.I)
    for item in course.items:
        assert not inside.search(item.text), item.id
        assert not inside.search(item.observer), item.id


# --- the items -------------------------------------------------------------------------
def test_every_item_has_an_observer_wording(course):
    for item in course.items:
        assert item.observer and item.observer != item.text, item.id
        assert item.observer.split()[0] in ("They", "When", "Before"), item.id
        assert not re.search(r"\b(I|my|me|we|our)\b", item.observer), item.id
        assert re.search(r"\b(I|my)\b", item.text), item.id


def test_each_dimension_keeps_four_items_a_reverse_one_and_room_for_not_applicable(course):
    for dim in course.dimensions:
        items = course.items_of(dim.id)
        assert len(items) >= 4 and any(i.reverse for i in items), dim.id
        assert 2 * sum(i.may_not_apply for i in items) <= len(items), dim.id
    assert sum(i.may_not_apply for i in course.items) >= 3
    assert "four items" in course.disclaimer.text
    assert all(len(course.items_of(d.id)) == 4 for d in course.dimensions)


def _broken(data_copy: Path, change) -> list[str]:
    path = data_copy / "questionnaire.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return [str(p) for p in check_content(data_copy)]


def test_check_requires_observer_wording_in_the_third_person(data_copy):
    def first_person(doc):
        doc["items"][0]["observer"] = "I tell my team where we are going."

    problems = _broken(data_copy, first_person)
    assert len(problems) == 1 and "observer" in problems[0] and "q-direction-1" in problems[0]

    def missing(doc):
        del doc["items"][1]["observer"]
        doc["items"][0]["observer"] = "They tell the team."

    problems = _broken(data_copy, missing)
    assert any("observer" in p and "required" in p for p in problems), problems


def test_check_refuses_a_dimension_that_may_mostly_not_apply(data_copy):
    def most(doc):
        for item in doc["items"][:3]:
            item["may_not_apply"] = True

    problems = _broken(data_copy, most)
    assert any("may_not_apply" in p and "direction" in p for p in problems), problems


# --- not applicable --------------------------------------------------------------------
def test_not_applicable_is_offered_only_where_an_item_may_not_apply(course, home):
    q = questionnaire(page_size=24)
    for item in course.items:
        labels = [label for label, _ in q.controls[item.id].options]
        assert (course.not_applicable in labels) is item.may_not_apply, item.id
        assert course.not_seen not in labels
    fixed = next(i for i in course.items if not i.may_not_apply)
    with pytest.raises(AnswerError, match="not applicable"):
        q.session.set_answer(fixed.id, NOT_APPLICABLE)


def test_not_applicable_counts_as_unanswered_in_scoring(course, home):
    """A dimension with its N/A items and too few real answers gets no score."""
    sess = session(course)
    dim = next(d for d in course.dimensions if any(i.may_not_apply for i in
                                                   course.items_of(d.id)))
    items = course.items_of(dim.id)
    skip = next(i for i in items if i.may_not_apply)
    rest = [i for i in items if i is not skip]
    sess.set_answer(skip.id, NOT_APPLICABLE)
    sess.set_answer(rest[0].id, 5)
    d = sess.scores.dimensions[dim.id]
    assert (d.answered, d.total, d.score) == (1, 4, None)  # 1 of 4: incomplete
    sess.set_answer(rest[1].id, 3)
    d = sess.scores.dimensions[dim.id]
    assert d.answered == 2 and d.score == pytest.approx(
        ((6 - 5 if rest[0].reverse else 5) + (6 - 3 if rest[1].reverse else 3)) / 2)
    assert skip.id not in sess.answers and sess.responded == 3
    assert score(course, sess.answers) == sess.scores  # N/A never reaches scoring


def test_not_applicable_is_saved_restored_and_kept_out_of_profile_files(course, home):
    q = questionnaire(page_size=24)
    skips = [i for i in course.items if i.may_not_apply][:2]
    for item in course.items:
        q.controls[item.id].value = NOT_APPLICABLE if item in skips else 4
    total = len(course.items)
    assert f"{total} of {total} answered (2 not applicable to your role)" in q.progress.value
    assert "all done" in q.progress.value
    saved = json.loads((home / "answers" / "questionnaire.json").read_text())
    assert sorted(saved["not_applicable"]) == sorted(i.id for i in skips)
    assert all(1 <= v <= 5 for v in saved["answers"].values())
    profile = json.loads((home / "profile.json").read_text())
    assert set(profile["answers"]) == {i.id for i in course.items} - {i.id for i in skips}
    assert load_profile(course, home / "profile.json").scores.balance is not None
    session_mod.forget_sessions()  # a kernel restart
    again = questionnaire(page_size=24)
    for item in skips:
        assert again.controls[item.id].value == NOT_APPLICABLE
    again.controls[skips[0].id].value = 2  # changing one's mind: a real answer again
    assert skips[0].id not in again.session.not_applicable
    assert again.session.answers[skips[0].id] == 2


def test_results_say_why_a_dimension_has_no_score(course, home):
    sess = session(course)
    dim = next(d for d in course.dimensions if any(i.may_not_apply for i in
                                                   course.items_of(d.id)))
    skip = next(i for i in course.items_of(dim.id) if i.may_not_apply)
    sess.set_answer(skip.id, NOT_APPLICABLE)
    sess.set_answer(next(i for i in course.items_of(dim.id) if i is not skip).id, 4)
    report = profile_results().report.value
    assert "Answered 1 of 4 (1 not applicable to your role)" in report


def test_stale_saved_answers_and_marks_are_dropped_gracefully(course, home):
    """Answers to removed items, and N/A marks on items that no longer offer it, are
    ignored; the rest is kept."""
    fixed = next(i for i in course.items if not i.may_not_apply)
    skip = next(i for i in course.items if i.may_not_apply)
    Store("questionnaire").update({
        "answers": {"q-direction-4": 5, "q-planning-3": 2, course.items[0].id: 4},
        "not_applicable": [fixed.id, skip.id, "q-gone-1", 7]})
    sess = ProfileSession(course)
    assert sess.answers == {course.items[0].id: 4}
    assert sess.not_applicable == {skip.id}
    q = questionnaire()
    assert q.session.responded == 2 and "2 of 24 answered" in q.progress.value


# --- the disclaimer --------------------------------------------------------------------
def test_the_page_and_the_handout_say_what_the_questionnaire_is_not(course, home):
    text = course.disclaimer.text
    for words in ("not a validated test", "no norms", "four items", "rough picture",
                  "appraisal", "selection"):
        assert words in text
    q = questionnaire()
    assert "About this questionnaire" in q.disclaimer.value
    assert text.replace("'", "&#x27;") in q.disclaimer.value
    assert q.disclaimer in q.widget.children
    handout = " ".join(profile_pages(course, score(course, {})).texts())
    assert "not a validated test" in handout and "appraisal" in handout.replace("\n", " ")
    assert course.source_title(course.disclaimer.source).startswith("The course")


def test_the_start_page_counts_not_applicable_as_responded(course, home):
    from lvm_course.widgets.start import Welcome

    sess = session(course)
    skip = next(i for i in course.items if i.may_not_apply)
    sess.set_answer(skip.id, NOT_APPLICABLE)
    sess.set_answer(next(i for i in course.items if i is not skip).id, 3)
    assert f"2 of {len(course.items)} statements rated" in Welcome().status.value
