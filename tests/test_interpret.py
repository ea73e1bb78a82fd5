"""How a profile reads, by worked example: both levels and the gap count, never the gap
alone; and the notebook, the handout and ``lvm-course score --explain`` say the same."""

from __future__ import annotations

import html

import pytest

from lvm_course.cli import main
from lvm_course.handout import profile_pages
from lvm_course.interpret import READINGS, explain, profile_reading
from lvm_course.profile import new_profile, save_profile
from lvm_course.scoring import score
from lvm_course.widgets.results import interpretation_html


def answers_for(course, lead: float, manage: float) -> dict[str, int]:
    """Answers giving every leadership dimension ``lead`` and every management one
    ``manage`` (halves by mixing two values; reverse items answered 6 - x)."""
    out = {}
    for dim in course.dimensions:
        target = lead if dim.pole == "leadership" else manage
        low, high = int(target), int(target + 0.5)  # 4.5 -> 4 and 5, 4.0 -> 4 and 4
        for k, item in enumerate(course.items_of(dim.id)):
            value = low if k % 2 else high
            out[item.id] = 6 - value if item.reverse else value
    return out


# (leadership, management) -> the reading, and what it must not say
WORKED = [
    pytest.param(2.0, 2.0, "both_low", "senior role", id="2 on both: low on both, not a goal"),
    pytest.param(5.0, 4.0, "both_strong", "disorder", id="5 and 4: two strengths, no warning"),
    pytest.param(5.0, 5.0, "both_strong", "lags", id="5 on both"),
    pytest.param(3.0, 3.0, "both_developing", "disorder", id="3 on both: developing"),
    pytest.param(3.5, 3.0, "both_developing", "lags", id="3.5 and 3: close, developing"),
    pytest.param(4.5, 2.0, "management_lags", "morale", id="managing lags: disorder risk"),
    pytest.param(4.0, 3.0, "management_lags", "morale", id="4 and 3: managing lags"),
    pytest.param(2.0, 4.5, "leadership_lags", "disorder", id="leading lags: morale risk"),
    pytest.param(1.0, 2.0, "leadership_lags", "senior role", id="1 and 2: leading lags"),
]


@pytest.mark.parametrize("lead, manage, key, absent", WORKED)
def test_worked_profiles_read_by_level_and_gap(course, lead, manage, key, absent):
    scores = score(course, answers_for(course, lead, manage))
    assert (scores.leadership, scores.management) == (lead, manage)
    reading = profile_reading(course, scores)
    assert reading.key == key
    assert reading.text == getattr(course.reading, key).text
    assert absent not in reading.text
    assert reading.source in {s.id for s in course.sources}


def test_two_strong_sides_far_apart_say_which_is_stronger_without_a_warning(course):
    reading = profile_reading(course, score(course, answers_for(course, 5.0, 4.0)))
    assert reading.note == "Your leading scores higher than your managing, though both are " \
                           "strong."
    flipped = profile_reading(course, score(course, answers_for(course, 4.0, 5.0)))
    assert "managing scores higher" in flipped.note
    assert profile_reading(course, score(course, answers_for(course, 5, 5))).note == ""


def test_the_risks_name_the_side_that_is_lacking(course):
    assert "disorder" in course.reading.management_lags.text  # too few standards
    assert "morale" in course.reading.leadership_lags.text  # leading missing
    assert set(READINGS) == {"both_strong", "both_developing", "both_low",
                             "management_lags", "leadership_lags"}


def test_an_incomplete_profile_gets_no_reading(course):
    reading = profile_reading(course, score(course, {course.items[0].id: 5}))
    assert reading.key == "incomplete" and "at least half" in reading.text


def _profile_file(course, tmp_path, lead, manage):
    profile = new_profile(course, answers_for(course, lead, manage))
    return save_profile(profile, tmp_path / "p.json"), profile


@pytest.mark.parametrize("lead, manage, key, absent", WORKED)
def test_notebook_handout_and_command_line_say_the_same(course, tmp_path, capsys, lead,
                                                        manage, key, absent):
    path, profile = _profile_file(course, tmp_path, lead, manage)
    reading = profile_reading(course, profile.scores)
    words = explain(course, profile.scores)
    assert main(["score", str(path), "--explain"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == words  # the command line prints exactly the shared reading
    said = " ".join(x for x in (reading.text, reading.note) if x)
    assert said in printed
    page = html.unescape(interpretation_html(course, profile.scores))
    assert reading.text in page and reading.note in page  # the notebook (05)
    handout = " ".join(profile_pages(course, profile.scores).texts())
    assert said in handout  # the one-page handout
    for dim in course.dimensions:  # each dimension's band text, in all three
        d = profile.scores.dimensions[dim.id]
        text = getattr(dim.interpretation, course.band(d.score).id)
        assert any(text in line for line in printed) and text in page


def test_explain_without_enough_answers_says_so(course, tmp_path, capsys):
    profile = new_profile(course, {course.items[0].id: 3})
    path = save_profile(profile, tmp_path / "few.json")
    assert main(["score", str(path), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "not enough answers yet" in out and "at least half" in out
