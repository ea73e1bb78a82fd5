"""The recall quizzes of 04 and 06: questions on earlier parts, from data/recall.yaml."""

from __future__ import annotations

import ipywidgets as w
import pytest

from lvm_course.content import check_content
from lvm_course.widgets import recall
from lvm_course.widgets.looking_back import Recall


@pytest.mark.parametrize("notebook", ["04_lead_or_manage", "06_action_plan"])
def test_each_recall_asks_about_earlier_parts_only(course, notebook):
    order = [nb.id for nb in course.notebooks]
    quiz = next(r for r in course.recall if r.notebook == notebook)
    assert 3 <= len(quiz.questions) <= 8
    for q in quiz.questions:
        assert order.index(q.recalls) < order.index(notebook) and q.answer in q.options


def test_answering_checking_scoring_and_coming_back(course, home):
    r = recall("04_lead_or_manage")
    assert isinstance(r, Recall) and not r.done
    first, *rest = r.questions.values()
    r.check(first.id)
    assert "Choose an answer first" in r.feedback[first.id].value
    r.radios[first.id].value = next(o for o in first.options if o != first.answer)
    r.check(first.id)
    assert "Not quite" in r.feedback[first.id].value and first.answer in \
        r.feedback[first.id].value.replace("&#x27;", "'")
    for q in rest:
        r.radios[q.id].value = q.answer
        r.check(q.id)
        assert "Right." in r.feedback[q.id].value
    total = len(r.questions)
    assert r.done and r.score == total - 1
    assert f"You recalled {total - 1} of {total}" in r.score_html.value
    assert first.recalls[:2] in r.score_html.value  # the part to look back at
    again = recall("04_lead_or_manage")  # a restart: the same answers and checks
    assert again.choices == r.choices and again.checked == r.checked
    again.radios[first.id].value = first.answer  # a changed answer needs a new check
    assert first.id not in again.checked and again.feedback[first.id].value == ""


def test_a_notebook_without_recall_questions_is_a_friendly_message(home):
    shown = recall("05_self_profile")
    assert isinstance(shown, w.HTML) and "no recall questions" in shown.value


@pytest.mark.parametrize("old, new, says", [
    ("        answer: Planning and budgeting\n", "        answer: Budgeting\n",
     "the answer must be one of the options"),
    ("        recalls: 03_ward_round\n", "        recalls: 05_self_profile\n",
     "is not a part that comes before"),
    ("  - notebook: 04_lead_or_manage\n", "  - notebook: 09_nowhere\n", "unknown notebook"),
])
def test_broken_recall_files_are_named_with_line_and_item(data_copy, old, new, says):
    path = data_copy / "recall.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    problems = check_content(data_copy)
    assert any(p.file == "recall.yaml" and says in p.message and p.line for p in problems)
