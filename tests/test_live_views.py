"""The live session's widgets, driven as a trainee and a facilitator would (``.value``,
``.click()``): the banner on a trainee's page, the stage, the facilitator's controls,
and the export."""

from __future__ import annotations

import csv
import io

import pytest

from lvm_course.live.banner import Banner
from lvm_course.live.controls import Controls
from lvm_course.live.export import table_csv, write_export
from lvm_course.live.session import LiveSession
from lvm_course.live.stage import Stage


@pytest.fixture
def live(course, tmp_path) -> LiveSession:
    return LiveSession(course, tmp_path / "live")


@pytest.fixture
def room(live, tmp_path):
    """Three trainees' banners, the stage and the controls over one session, redrawn on
    every change (what the room's push does, here at once)."""
    banners = {who: Banner(live, f"T-{who}") for who in ("ana", "ben", "cai")}
    stage = Stage(live, join="http://10.0.0.5:8870/", connected=lambda: 3)
    controls = Controls(live, allowed=lambda: True, connected=lambda: 3,
                        export_to=tmp_path / "exports")
    views = [*banners.values(), stage, controls]
    live.subscribe(lambda _kind: [v.update() for v in views])
    return banners, stage, controls


def ask(controls: Controls, activity: str) -> None:
    """*Ask the room* as the facilitator does: the part, then the activity's button."""
    from lvm_course.live.questions import activities_of

    course = controls.session.course
    part = next(b.part for b in course.live if activity in {a.id for a in b.activities})
    controls.part.value = part
    index = [a.id for a in activities_of(course, part)].index(activity)
    controls.run.children[index].children[1].click()


def test_nothing_shows_until_the_facilitator_asks(room):
    banners, stage, _controls = room
    assert not any(b.shown for b in banners.values())
    assert "Join the course" in stage.view.value


def test_a_question_reaches_every_page_and_counts_once_per_trainee(room):
    banners, stage, controls = room
    ask(controls, "live-rota")
    assert all(b.shown for b in banners.values())
    assert "Draws up the staff rota" in banners["ana"].text.value
    banners["ana"].choices.value = "leadership"
    banners["ana"].choices.value = "management"  # changed: still one answer
    banners["ben"].choices.value = "management"
    assert "<strong>2</strong> of 3 connected have answered" in stage.view.value
    assert "appear from 3 answers" in stage.view.value  # two answers: no distribution
    banners["cai"].choices.value = "both"
    assert "Managing" in stage.view.value and "2 (67%)" in stage.view.value
    controls.close.click()
    assert all(b.choices.disabled for b in banners.values())
    assert "course's answer" not in stage.view.value
    controls.reveal.click()
    assert "✓ the course's answer" in stage.view.value
    for b in banners.values():
        assert "The course's answer:</strong> Managing" in b.results.value
    controls.next.click()
    assert not any(b.shown for b in banners.values())


def test_a_trainee_hides_the_question_until_the_next(room):
    banners, _stage, controls = room
    ask(controls, "live-rota")
    banners["ana"].hide.click()
    assert not banners["ana"].shown and banners["ben"].shown
    controls.close.click()
    assert not banners["ana"].shown  # the same question: still hidden
    controls.next.click()
    ask(controls, "live-vision")
    assert banners["ana"].shown


def test_words_are_shown_only_once_approved(room):
    banners, stage, controls = room
    ask(controls, "live-team-needs")
    banners["ana"].words.value = "Clarity"
    banners["ana"].send.click()
    banners["ben"].words.value = "fuck"
    banners["ben"].send.click()
    assert "Clarity" not in stage.view.value
    queue = controls.queue.children
    assert len(queue) == 2  # a heading and the one answer waiting (the blocked is held)
    assert "held back by the blocklist" in controls.now.value
    queue[1].children[1].click()  # Show
    assert "Clarity" in stage.view.value.replace("clarity", "Clarity")
    assert "<li>clarity: 1</li>" in stage.view.value  # the words listed as text too
    assert "fuck" not in stage.view.value


def test_questions_from_the_room_wait_then_get_votes(room):
    banners, stage, controls = room
    ask(controls, "live-questions-05")
    banners["ana"].ask.value = "Is a low score bad?"
    banners["ana"].ask_button.click()
    assert "Is a low score bad?" not in stage.view.value
    assert banners["ben"].votes.children == ()
    controls.queue.children[1].children[1].click()  # Show
    assert "Is a low score bad?" in stage.view.value
    vote = banners["ben"].votes.children[0].children[1]
    vote.value = True
    assert "1 vote" in stage.view.value


def test_the_rooms_scenario_follows_the_majority(room, course):
    banners, stage, controls = room
    ask(controls, "live-ward-round-scenario")
    first = controls.session.question
    votes = {"ana": first.options[1].id, "ben": first.options[1].id,
             "cai": first.options[0].id}
    for who, choice in votes.items():
        banners[who].choices.value = choice
    controls.close.click()
    assert controls.reveal.description == "Show what happens"
    controls.reveal.click()
    chosen = first.options[1]
    assert chosen.consequence[:40] in stage.view.value.replace("&#x27;", "'")
    assert chosen.feedback[:30] not in stage.view.value  # the verdict comes after
    controls.reveal.click()
    controls.next.click()
    assert controls.session.question.step == chosen.next


def test_a_tie_waits_for_the_facilitators_pick(room):
    banners, _stage, controls = room
    ask(controls, "live-ward-round-scenario")
    q = controls.session.question
    banners["ana"].choices.value = q.options[0].id
    banners["ben"].choices.value = q.options[1].id
    controls.close.click()
    assert controls.tie.layout.display is None and len(controls.tie.options) == 2
    controls.reveal.click()
    assert "tied" in controls.feedback.value
    controls.tie.value = q.options[1].id
    controls.reveal.click()
    assert controls.session.chosen() == q.options[1].id


def test_controls_refuse_when_the_facilitator_session_has_ended(live, tmp_path):
    controls = Controls(live, allowed=lambda: False)
    assert not controls.ask("live-rota")
    assert live.question is None and "session has ended" in controls.feedback.value


def test_a_question_of_ones_own(room):
    banners, _stage, controls = room
    controls.own_text.value = "Coffee or tea?"
    controls.own_options.value = "Coffee\nTea\n"
    controls.own_ask.click()
    assert [label for label, _v in banners["ana"].choices.options] == ["Coffee", "Tea"]
    controls.own_text.value = "Only one option?"
    controls.own_options.value = "Yes"
    controls.own_ask.click()
    assert "2 to 5 different options" in controls.feedback.value


def test_the_export_has_counts_and_no_names(room, live):
    banners, _stage, controls = room
    ask(controls, "live-rota")
    for b in banners.values():
        b.choices.value = "management"
    controls.close.click()
    controls.reveal.click()
    controls.next.click()
    controls.export.click()
    assert "live-session.csv" in controls.files.value and "live-session.png" in \
        controls.files.value
    rows = list(csv.reader(io.StringIO(table_csv(live))))
    managing = next(r for r in rows if r[6] == "Managing")
    assert managing[7] == "3" and managing[8] == "yes"
    assert not any(who in "".join(sum(rows, [])) for who in ("T-ana", "T-ben", "T-cai"))


def test_a_distribution_of_two_is_not_in_the_export(live, tmp_path):
    live.ask("live-week")
    live.answer("a", "1")
    live.answer("b", "2")
    live.end()
    rows = list(csv.reader(io.StringIO(table_csv(live))))
    assert all(r[7] == "" for r in rows[1:])
    csv_path, png_path = write_export(live, tmp_path)
    assert png_path.read_bytes()[:4] == b"\x89PNG" and csv_path.exists()
