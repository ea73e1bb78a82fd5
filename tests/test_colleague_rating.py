"""A colleague's rating (06): the items in observer wording, an answer file in the
profile format, added back by the trainee with the existing upload and compared on the
radar. Rater and trainee each have their own home, as on two devices."""

from __future__ import annotations

import json
import re

import pytest

from lvm_course.profile import ProfileDocument, load_profile, new_profile, save_profile
from lvm_course.widgets import colleague_rating
from lvm_course.widgets import session as session_mod
from lvm_course.widgets.planning import action_plan
from lvm_course.widgets.rating import ColleagueRating, rating_file_name
from lvm_course.widgets.session import NOT_APPLICABLE
from lvm_course.widgets.survey import questionnaire


@pytest.fixture(autouse=True)
def _fresh_sessions():
    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()


def _shown_texts(activity: ColleagueRating) -> str:
    q = activity.questions
    return " ".join(q.rows[i.id].children[0].value for i in q.items)


def rate(activity: ColleagueRating, value_for) -> None:
    for item in activity.questions.items:
        activity.questions.controls[item.id].value = value_for(item)


def test_the_rating_shows_every_item_in_observer_wording(course, home):
    r = colleague_rating()
    assert isinstance(r, ColleagueRating)
    shown = _shown_texts(r)
    for item in course.items:
        assert item.observer.replace("'", "&#x27;") in shown, item.id
        assert item.text.replace("'", "&#x27;") not in shown, item.id
        labels = [label for label, _ in r.questions.controls[item.id].options]
        assert labels == [*course.scale, course.not_seen]  # never forced to guess
    assert r.questions.chart is None  # the rater answers; the colleague compares
    assert "About this questionnaire" in r.questions.disclaimer.value


def test_the_rating_is_saved_apart_from_the_raters_own_answers(course, home):
    own = questionnaire()
    own.controls[course.items[0].id].value = 1
    r = colleague_rating()
    r.questions.controls[course.items[0].id].value = 5
    r.questions.controls[course.items[1].id].value = NOT_APPLICABLE
    r.rater.value = "Sam"
    assert own.session.answers == {course.items[0].id: 1}
    assert json.loads((home / "profile.json").read_text())["answers"] == \
        {course.items[0].id: 1}
    session_mod.forget_sessions()  # a kernel restart
    again = colleague_rating()
    assert again.questions.controls[course.items[0].id].value == 5
    assert again.questions.controls[course.items[1].id].value == NOT_APPLICABLE
    assert again.rater.value == "Sam"
    assert questionnaire().session.answers == {course.items[0].id: 1}


def test_the_answer_file_is_a_profile_and_comes_back_through_the_upload(
        course, tmp_path, monkeypatch):
    """The whole flow on two devices: the colleague rates and downloads; the trainee
    uploads the file and sees it on the radar beside their own profile."""
    colleague, trainee = tmp_path / "colleague", tmp_path / "trainee"
    monkeypatch.setenv("LVM_COURSE_HOME", str(colleague))
    r = colleague_rating()
    assert r.save_file() is None and "at least some" in r.files.value
    not_seen = course.items[-1]
    rate(r, lambda item: NOT_APPLICABLE if item is not_seen else 5)
    r.rater.value = "Sam Okafor"
    path = r.save_file()
    assert path == colleague / "exports" / "rating-from-sam-okafor.json"
    assert 'download="rating-from-sam-okafor.json"' in r.files.value
    assert "data:application/json;base64," in r.files.value
    doc = json.loads(path.read_text(encoding="utf-8"))
    ProfileDocument.model_validate(doc)  # the published profile format, nothing new
    assert doc["label"] == "Sam Okafor" and not_seen.id not in doc["answers"]
    assert set(doc["answers"].values()) == {5}

    session_mod.forget_sessions()
    monkeypatch.setenv("LVM_COURSE_HOME", str(trainee))
    q = questionnaire()
    for item in course.items:
        q.controls[item.id].value = 2 if not item.reverse else 4
    plan = action_plan()
    before = plan.radar.value
    plan._on_upload({"new": ({"name": path.name, "content": path.read_bytes(),
                              "type": "application/json"},)})
    assert "Added rating-from-sam-okafor.json" in plan.compare_note.value
    kept = trainee / "colleagues" / "rating-from-sam-okafor.json"
    assert plan.compare.value == str(kept) and plan.compare.label.endswith(
        "rating-from-sam-okafor")
    assert load_profile(course, kept).answers == {k: int(v) for k, v in doc["answers"].items()}
    assert plan.radar.value != before
    alt = plan.radar_text.value
    assert "rating-from-sam-okafor" in alt and re.search(r"Leadership 2\.0", alt)


def test_a_hostile_rater_name_stays_text(course, home):
    r = colleague_rating()
    rate(r, lambda item: 3)
    r.rater.value = '<img src=x onerror=alert(1)>\u202e"../../x'
    path = r.save_file()
    assert path.parent == home / "exports" and re.fullmatch(r"rating-from-[a-z0-9-]+\.json",
                                                            path.name)
    assert "<img" not in r.files.value
    assert "\u202e" not in json.loads(path.read_text(encoding="utf-8"))["label"]
    assert rating_file_name(None) == rating_file_name("  ") == "rating-from-a-colleague.json"


def test_several_colleagues_files_are_all_kept(course, home):
    """Two raters who gave no name send files of the same name: neither is lost, and
    the same file added twice is kept once."""
    plan = action_plan()
    first = new_profile(course, {i.id: 4 for i in course.items})
    second = new_profile(course, {i.id: 2 for i in course.items})
    for profile in (first, second, first):
        path = save_profile(profile, home / "tmp" / "rating-from-a-colleague.json")
        plan._on_upload({"new": ({"name": path.name, "content": path.read_bytes()},)})
    kept = sorted(p.name for p in (home / "colleagues").glob("*.json"))
    assert kept == ["rating-from-a-colleague-2.json", "rating-from-a-colleague.json"]
    assert len([v for _, v in plan.compare.options if "colleagues" in v]) == 2


def test_files_with_answers_to_removed_items_are_read_not_refused(course, home):
    """A snapshot or a colleague's file from before an item was reworded still compares:
    answers to ids the questionnaire no longer asks are left out."""
    answers = {i.id: 3 for i in course.items}
    old = {"kind": "lvm-course-profile", "schema_version": 1,
           "created": "2026-10-01T09:00:00+00:00", "label": None,
           "answers": {**answers, "q-direction-4": 5, "q-planning-3": 1}}
    (home / "profiles").mkdir(parents=True)
    (home / "profiles" / "2026-10-01-090000.json").write_text(json.dumps(old))
    plan = action_plan()
    snapshot = next(v for _, v in plan.compare.options if v.endswith("090000.json"))
    plan.compare.value = snapshot
    assert "Cannot compare" not in plan.compare_note.value
    plan._on_upload({"new": ({"name": "old.json", "content": json.dumps(old).encode()},)})
    assert "Added old.json" in plan.compare_note.value
    assert "2 answer(s) to items the questionnaire no longer asks" in plan.compare_note.value
    foreign = dict(old, answers={"q-made-up": 3})
    plan._on_upload({"new": ({"name": "f.json", "content": json.dumps(foreign).encode()},)})
    assert "Not added" in plan.compare_note.value and "none of" in plan.compare_note.value


def test_an_unreadable_comparison_names_no_server_folder(course, home, monkeypatch):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    (home / "colleagues").mkdir(parents=True)
    (home / "colleagues" / "broken.json").write_text("{not json", encoding="utf-8")
    plan = action_plan()
    plan.compare.value = str(home / "colleagues" / "broken.json")
    assert "Cannot compare: broken.json" in plan.compare_note.value
    assert str(home) not in plan.compare_note.value
