"""Activities of 05 and 06, driven without a browser: the questionnaire, the results
panel and the action plan. Autosave is tested by building them twice over one home."""

from __future__ import annotations

import json

import pytest

from lvm_course.profile import load_profile, new_profile, save_profile
from lvm_course.widgets import session as session_mod
from lvm_course.widgets.planning import ActionPlan, action_plan
from lvm_course.widgets.results import ProfileResults, profile_results
from lvm_course.widgets.survey import Questionnaire, questionnaire


@pytest.fixture(autouse=True)
def _fresh_sessions():
    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()


def restart():
    """What a kernel restart does to in-memory state."""
    session_mod.forget_sessions()


def answer_all(q: Questionnaire, value_for=lambda item: 4):
    for item in q.items:
        q.controls[item.id].value = value_for(item)


def test_progress_and_radar_follow_answers(course, home):
    """Each click updates the progress line, the bar and the radar image."""
    q = questionnaire()
    assert isinstance(q, Questionnaire)
    total = len(course.items)
    assert f"0 of {total} answered" in q.progress.value
    before = q.radar.value
    first = q.pages[0][0]
    q.controls[first.id].value = 5
    assert f"1 of {total} answered" in q.progress.value and q.bar.value == 1
    for item in q.pages[0][1:]:
        q.controls[item.id].value = 2
    assert q.radar.value != before and 'alt="' in q.radar.value
    answer_all(q)
    assert f"{total} of {total} answered" in q.progress.value and "all done" in q.progress.value


def test_paging(course, home):
    q = questionnaire(page_size=6)
    assert q.previous.disabled and not q.next.disabled
    q.next.click()
    assert q.page == 1 and "Page 2 of" in q.page_label.value
    assert [r for r in q.page_box.children] == [q.rows[i.id] for i in q.pages[1]]
    for _ in range(10):
        q.next.click()
    assert q.page == len(q.pages) - 1 and q.next.disabled


def test_answers_survive_a_restart(course, home):
    """Answers, page and the profile file are all there after a 'kernel restart'."""
    q = questionnaire()
    answer_all(q, lambda item: 1 + len(item.id) % 5)
    q.next.click()
    restart()
    again = questionnaire()
    assert again is not q and again.page == 1
    for item in course.items:
        assert again.controls[item.id].value == 1 + len(item.id) % 5
    saved = load_profile(course, home / "profile.json")
    assert saved.answers == {i.id: 1 + len(i.id) % 5 for i in course.items}


def test_start_over_asks_first(course, home):
    q = questionnaire()
    answer_all(q)
    q.start_over.click()
    assert q.confirm.layout.display == "flex"
    q.confirm_no.click()
    assert q.session.answered == len(course.items)
    q.start_over.click()
    q.confirm_yes.click()
    assert q.session.answered == 0 and all(c.value is None for c in q.controls.values())
    assert json.loads((home / "answers" / "questionnaire.json").read_text())["answers"] == {}


def test_results_follow_the_questionnaire(course, home):
    """The results panel updates live and shows bands, balance and tips."""
    q, r = questionnaire(), profile_results()
    assert isinstance(r, ProfileResults) and "Answer the questionnaire" in r.report.value
    answer_all(q, lambda item: 2 if item.reverse else 5)
    for dim in course.dimensions:
        assert dim.name in r.report.value or dim.name.replace("&", "&amp;") in r.report.value
    assert "Strong" in r.report.value  # all 5s: the top band's label
    assert course.reading.both_strong.text[:30] in r.report.value.replace("&#x27;", "'")


def test_label_is_saved_and_escaped(course, home):
    q, r = questionnaire(), profile_results()
    answer_all(q)
    r.label.value = "<img src=x onerror=alert(1)>"
    assert load_profile(course, home / "profile.json").label == "<img src=x onerror=alert(1)>"
    assert "<img src=x" not in r.report.value


def test_handout_export_and_snapshot(course, home):
    q, r = questionnaire(), profile_results()
    assert r.export(".pdf") is None and "Answer some items" in r.files.value
    answer_all(q)
    r.pdf.click()
    pdf = home / "exports" / "my-profile.pdf"
    assert pdf.read_bytes()[:4] == b"%PDF" and "download=" in r.files.value
    r.png.click()
    assert (home / "exports" / "my-profile.png").read_bytes()[:4] == b"\x89PNG"
    r.snapshot.click()
    snaps = list((home / "profiles").glob("*.json"))
    assert len(snaps) == 1 and load_profile(course, snaps[0]).answers == q.session.answers


def test_sharing_needs_consent_and_is_anonymous(course, home, tmp_path):
    q, r = questionnaire(), profile_results()
    answer_all(q)
    r.label.value = "Dr Ana"
    assert r.share.disabled
    assert r.do_share() is None and "consent" in r.share_status.value
    r.consent.value = True
    assert not r.share.disabled
    r.cohort.value = "ward-7"
    path = r.do_share()
    assert path is not None and path.parent.name == "ward-7"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc.get("label") in (None, "") and "Dr Ana" not in path.read_text(encoding="utf-8")
    r.do_withdraw()
    assert not path.exists()


def test_action_plan_choices_commitments_and_restore(course, home):
    q = questionnaire()
    answer_all(q)
    plan = action_plan()
    assert isinstance(plan, ActionPlan)
    dims = [d.id for d in course.dimensions]
    for d in dims[:3]:
        plan.checks[d].value = True
    plan.checks[dims[3]].value = True          # a fourth is refused
    assert plan.chosen == dims[:3] and "at most 3" in plan.choice_note.value
    plan.commit[dims[0]].value = "Hold a 10-minute huddle on <b>Mondays</b>"
    restart()
    again = action_plan()
    assert again.chosen == dims[:3]
    assert again.commit[dims[0]].value == "Hold a 10-minute huddle on <b>Mondays</b>"
    tips = course.dimension(dims[0]).tips[0].text
    assert any(tips[:20] in getattr(c, "value", "") for c in again.plan_box.children)


def test_action_plan_compare_and_export(course, home):
    q = questionnaire()
    answer_all(q, lambda item: 3)
    earlier = new_profile(course, {i.id: 2 for i in course.items})
    save_profile(earlier, home / "profiles" / "2026-01-01-090000.json")
    plan = action_plan()
    values = [v for _, v in plan.compare.options]
    assert any(v.endswith("2026-01-01-090000.json") for v in values)
    before = plan.radar.value
    plan.compare.value = next(v for v in values if v)
    assert plan.radar.value != before
    assert plan.export(".md") is None
    plan.checks[course.dimensions[0].id].value = True
    plan.commit[course.dimensions[0].id].value = "Ask two colleagues for feedback"
    md_path = plan.export(".md")
    assert "Ask two colleagues for feedback" in md_path.read_text(encoding="utf-8")
    assert plan.export(".pdf").read_bytes()[:4] == b"%PDF"


def test_colleague_upload_validated(course, home):
    plan = action_plan()
    bad = {"name": "evil.json", "content": b"{not json", "type": "application/json"}
    plan._on_upload({"new": (bad,)})
    assert "Not added" in plan.compare_note.value
    doc = json.dumps({"kind": "lvm-course-profile", "schema_version": 1,
                      "created": "2026-11-01T10:00:00+00:00", "label": None,
                      "answers": {i.id: 4 for i in course.items}}).encode()
    good = {"name": "../../colleague sam.json", "content": doc, "type": "application/json"}
    plan._on_upload({"new": (good,)})
    assert "Added" in plan.compare_note.value
    saved = list((home / "colleagues").glob("*.json"))
    assert len(saved) == 1 and saved[0].parent == home / "colleagues"


def test_corrupt_answers_file_reported_not_fatal(course, home):
    (home / "answers").mkdir(parents=True)
    (home / "answers" / "questionnaire.json").write_text("{truncated", encoding="utf-8")
    q = questionnaire()
    assert isinstance(q, Questionnaire) and q.session.answered == 0
    assert "could not be read" in q.widget.children[0].value
    assert list((home / "answers").glob("questionnaire.corrupt-*.json"))
