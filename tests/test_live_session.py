"""The live session's rules (``lvm_course.live.session``): one answer per trainee,
nothing shown below three, free text only after approval, the majority moves the
room's scenario, a restart keeps the open question."""

from __future__ import annotations

import json

import pytest

from lvm_course.live.session import COUNT, ROOM, LiveSession, Refused


@pytest.fixture
def live(course, tmp_path) -> LiveSession:
    return LiveSession(course, tmp_path / "live", clock=lambda: 1_000_000.0)


def test_one_answer_per_trainee_changeable_until_closed(live):
    q = live.ask("live-rota")
    assert q.kind == "choice" and q.answers[0] == "management"
    live.answer("alice", "leadership")
    live.answer("alice", "management")  # a second tab or device of Alice: replaces
    live.answer("bob", "both")
    assert live.answered() == 2 and live.mine("alice") == "management"
    live.close()
    with pytest.raises(Refused):
        live.answer("carol", "both")
    with pytest.raises(Refused):
        live.answer("alice", "leadership")
    assert live.answered() == 2


def test_counts_show_only_from_three_answers(live):
    live.ask("live-rota")
    for who, choice in (("a", "management"), ("b", "management")):
        live.answer(who, choice)
    two = live.results()
    assert two["n"] == 2 and not two["shown"] and two["counts"] == {}
    live.answer("c", "both")
    three = live.results()
    assert three["shown"] and three["counts"] == {"leadership": 0, "management": 2, "both": 1}


def test_nothing_in_the_file_names_a_trainee(live):
    live.ask("live-rota")
    live.answer("trainee-5f3a", "both")
    text = live.path.read_text()
    assert "trainee-5f3a" not in text
    live.next()  # put away: the per-trainee answers go, the counts stay
    saved = json.loads(live.path.read_text())
    assert saved["answers"] == {}
    (record,) = saved["history"]
    assert record["n"] == 1 and ["both", "Both", 1] in record["options"]


def test_a_restart_keeps_the_open_question_and_its_answers(live, course):
    live.ask("live-vision")
    live.answer("alice", "leadership")
    again = LiveSession(course, live.folder)
    assert again.question.id == "live-vision" and again.phase == "open"
    assert again.answered() == 1 and again.mine("alice") == "leadership"
    again.answer("alice", "both")  # still one answer for Alice
    assert again.answered() == 1


def test_a_damaged_file_is_kept_aside_and_the_room_starts_afresh(live, course):
    live.path.write_text("{not json")
    again = LiveSession(course, live.folder)
    assert again.question is None and again.phase == "idle"
    assert list(live.folder.glob("session.damaged-*.json"))


def test_words_show_only_after_approval_and_never_when_blocked(live):
    live.ask("live-team-needs")
    live.send_words("a", "Clarity")
    live.send_words("b", "clarity")
    live.send_words("c", "shit")  # on the blocklist
    with pytest.raises(Refused):
        live.send_words("d", "far too many words here")
    assert live.results()["words"] == []  # nothing approved yet
    queue = live.queue()
    assert [i["status"] for i in queue] == ["pending", "pending", "blocked"]
    for item in queue[:2]:
        live.moderate_words(item["id"], True)
    with pytest.raises(Refused):
        live.moderate_words(queue[2]["id"], True)
    result = live.results()
    assert result["words"] == [("clarity", 2)] and result["held"] == 1
    live.send_words("a", "Support")  # a later answer replaces Alice's, unapproved again
    assert live.results()["words"] == [("clarity", 1)]


def test_a_blocked_word_inside_a_longer_answer_is_held_back(live):
    live.ask("live-one-thing")
    live.send_words("a", "stop being STUPID please")
    live.send_words("b", "plan my week")
    statuses = [i["status"] for i in live.queue()]
    assert statuses == ["blocked", "pending"]


def test_questions_wait_for_approval_then_vote_pin_and_answer(live):
    live.ask("live-questions-05")
    live.ask_question("a", "Is a low score bad?")
    live.ask_question("b", "Why six dimensions?")
    assert live.shown_questions() == []
    first, second = (i["id"] for i in live.question_queue())
    live.moderate_question(first, "approve")
    live.moderate_question(second, "approve")
    assert live.vote("c", second) and live.vote("d", second)
    assert not live.vote("d", second)  # a second tap takes the vote back
    live.vote("d", second)
    assert [q["text"] for q in live.shown_questions()] == ["Why six dimensions?",
                                                           "Is a low score bad?"]
    live.moderate_question(first, "pin")
    assert live.shown_questions()[0]["pinned"]
    live.moderate_question(first, "answered")
    assert live.shown_questions()[-1]["answered"]
    for _ in range(2):
        live.ask_question("a", "one more")
    with pytest.raises(Refused):
        live.ask_question("a", "and another")  # three each


def test_the_majority_moves_the_rooms_scenario_and_a_tie_waits(live, course):
    q = live.ask("live-ward-round-scenario")
    assert q.kind == "scenario" and q.step == course.scenario("ward-round").steps[0].id
    first = q.options
    for who, choice in (("a", first[0].id), ("b", first[1].id)):
        live.answer(who, choice)
    live.close()
    assert live.chosen() is None  # tied
    with pytest.raises(Refused):
        live.reveal()
    live.pick(first[1].id)
    live.reveal()
    assert live.phase == "consequence"  # what happens, before the verdict
    live.reveal()
    assert live.phase == "revealed"
    step2 = live.next()
    assert step2 is not None and step2.step == first[1].next
    assert live.scenario_run()["path"] == [[q.step, first[1].id]]


def test_the_scenario_reaches_an_ending(live, course):
    q = live.ask("live-ward-round-scenario")
    for _ in range(20):
        best = next(o for o in q.options if o.verdict == "best")
        for who in "abc":
            live.answer(who, best.id)
        live.close()
        live.reveal()
        live.reveal()
        q = live.next()
        if q is None:
            break
    run = live.scenario_run()
    assert live.phase == "ending" and run["ending"] in {e.id for e in
                                                        course.scenario("ward-round").endings}


def test_listeners_hear_room_changes_and_counts_apart(live):
    heard = []
    stop = live.subscribe(heard.append)
    live.ask("live-rota")
    live.answer("a", "both")
    live.close()
    stop()
    live.reveal()
    assert heard == [ROOM, COUNT, ROOM]


def test_a_one_off_question_on_the_spot(live):
    q = live.ask_own("choice", "Coffee first?", ["Yes", "No"])
    assert q.id == "own-1" and [o.label for o in q.options] == ["Yes", "No"]
    assert not q.has_answer
    with pytest.raises(Refused):
        live.ask_own("choice", "Only one?", ["Yes"])
    with pytest.raises(Refused):
        live.ask_own("scale", "A scale?", [])
    assert live.ask_own("words", "One word for today").kind == "words"


def test_the_history_keeps_each_question_once_as_counts(live):
    for activity in ("live-rota", "live-vision"):
        live.ask(activity)
        for who in "abc":
            live.answer(who, "both")
        live.close()
        live.reveal()
    live.end()
    assert [h["id"] for h in live.history()] == ["live-rota", "live-vision"]
    assert all(h["n"] == 3 for h in live.history())
