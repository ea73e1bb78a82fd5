"""Activities of 01-04 driven without a browser: the quiz, the skill sort, the pair
explorer, the simulator and the cases (03's scenarios: test_widgets_scenarios.py).
Autosave is tested by building an activity twice over one home (what a kernel restart
does); right answers are read from the course data, never hard-coded."""

from __future__ import annotations

import ipywidgets as w
import pytest

from lvm_course.errors import AnswerError, ContentError, Problem
from lvm_course.palette import LEADERSHIP, MANAGEMENT
from lvm_course.situations import recommend
from lvm_course.store import Store
from lvm_course.widgets import common
from lvm_course.widgets.casework import Cases, cases
from lvm_course.widgets.explorer import PairExplorer, pair_explorer
from lvm_course.widgets.quizzes import Quiz, hardest, quiz
from lvm_course.widgets.scenarios import Scenario, scenario
from lvm_course.widgets.simulation import Simulator, simulator
from lvm_course.widgets.sorting import SkillSort, skill_sort

WRONG = {"leadership": "management", "management": "leadership", "both": "leadership",
         "lead": "manage", "manage": "lead"}
EVIL = "<script>alert('x')</script>"

# builder, its store's file name, the class it returns
BUILDERS = [(quiz, "quiz", Quiz), (skill_sort, "skill_sort", SkillSort),
            (pair_explorer, "explorer", PairExplorer),
            (scenario, "scenario-ward-round", Scenario),
            (simulator, "simulator", Simulator), (cases, "cases", Cases)]


def wrong_of(q, card) -> str:
    """An answer that does not count for ``card`` (the data decides what counts)."""
    return next(k for k in q.labels if k not in q.accepted(card))


def play_quiz(q: Quiz, right=lambda i: True) -> None:
    """Answer every remaining card, right or wrong by position, pressing Next between."""
    while not q.done:
        card = q.current
        truth = q.correct_of(card)
        q.buttons[truth if right(len(q.results)) else wrong_of(q, card)].click()
        if not q.done:
            q.next_button.click()


# --- the quiz -------------------------------------------------------------------------

def test_full_quiz_round_scored_with_the_right_answers(course, home):
    """Answering each statement with its answer from the data scores 12 of 12."""
    q = quiz(12, seed=1)
    assert isinstance(q, Quiz) and len(set(q.ids)) == 12
    assert "Statement 1 of 12" in q.progress.value
    assert common.md(q.current.text) in q.card.value
    for k in range(12):
        st = course.statement(q.current.id)
        q.buttons[st.answer].click()
        assert "Correct" in q.feedback.value and common.md(st.explanation) in q.feedback.value
        assert course.source_title(st.source) in q.feedback.value
        if k < 11:
            assert q.next_button.layout.display != "none"
            q.next_button.click()
            assert f"Statement {k + 2} of 12" in q.progress.value
    assert q.done and q.score == 12 and q.current is None
    assert "You classified 12 of 12 correctly" in q.summary.value
    assert q.next_button.layout.display == "none" and q.new_round_button.layout.display == ""


def test_missed_statements_listed_at_the_end(course, home):
    """Wrong answers are marked, counted and listed with the right answer."""
    q = quiz(4, seed=2)
    play_quiz(q, right=lambda i: i % 2 == 1)
    assert q.score == 2 and [r["correct"] for r in q.results] == [False, True, False, True]
    assert all(set(r) == {"id", "choice", "correct"} for r in q.results)
    assert "You classified 2 of 4 correctly" in q.summary.value
    for r in q.results:
        shown = common.md(course.statement(r["id"]).text) in q.summary.value
        assert shown == (not r["correct"])


def test_answer_locks_the_buttons_and_marks_them(course, home):
    """After an answer: buttons disabled, the right one green, a wrong pick red."""
    q = quiz(3, seed=4)
    truth, wrong = q.current.answer, wrong_of(q, q.current)
    assert q.next_button.layout.display == "none"
    q.answer(wrong)
    assert "Not quite" in q.feedback.value
    assert all(b.disabled for b in q.buttons.values())
    assert q.buttons[truth].button_style == "success"
    assert q.buttons[wrong].button_style == "danger"
    assert q.answer(truth) is None and len(q.results) == 1  # a double click changes nothing
    with pytest.raises(AnswerError, match="maybe"):
        q.answer("maybe")


def test_quiz_restores_the_same_round_and_progress(course, home):
    """A restart shows the same statements, answers, position and feedback."""
    q = quiz(6)
    q.buttons[q.current.answer].click()
    q.next_button.click()
    q.buttons[wrong_of(q, q.current)].click()
    again = quiz(6)
    assert again is not q
    assert (again.ids, again.results, again.index) == (q.ids, q.results, 1)
    assert "Statement 2 of 6" in again.progress.value
    assert again.feedback.value == q.feedback.value and "Not quite" in again.feedback.value
    assert all(b.disabled for b in again.buttons.values())


def test_new_round_prefers_unseen_statements(course, home):
    """A new round draws statements not seen yet; rounds are kept in the store."""
    q = quiz(12, seed=3)
    play_quiz(q)
    first = set(q.ids)
    q.new_round_button.click()
    assert len(q.ids) == 12 and set(q.ids).isdisjoint(first)
    assert q.results == [] and not q.done and "round 2" in q.progress.value
    again = quiz(12, seed=3)
    assert again.ids == q.ids and len(again.history) == 1
    assert set(again.history[0]["ids"]) == first and len(again.history[0]["results"]) == 12


def test_seeded_draw_is_repeatable(course, home, tmp_path):
    """The same seed draws the same round, whoever's store it is."""
    a = quiz(8, seed=11, store=Store("a", tmp_path / "a"))
    b = quiz(8, seed=11, store=Store("b", tmp_path / "b"))
    c = quiz(8, seed=12, store=Store("c", tmp_path / "c"))
    assert a.ids == b.ids != c.ids


def test_hardest_ranks_statements_by_share_wrong():
    """Share of wrong answers, hardest first; malformed entries are skipped."""
    rounds = [
        [{"id": "a", "choice": "both", "correct": False},
         {"id": "b", "choice": "both", "correct": True}],
        [{"id": "a", "choice": "both", "correct": True},
         {"id": "c", "choice": "both", "correct": False}, {"id": 3}, "junk"],
        "not a list",
    ]
    assert hardest(rounds) == [("c", 1.0), ("a", 0.5), ("b", 0.0)]
    assert hardest([]) == []


# --- the skill sort ---------------------------------------------------------------------

def test_skill_sort_round_and_start_again(course, home):
    """Every core skill once; right answers from the data score all; Start again reshuffles."""
    core = {s.id for s in course.skills if s.set == "core"}
    s = skill_sort()
    assert isinstance(s, SkillSort) and set(s.ids) == core
    while len(s.accepted(s.current)) == len(s.labels):  # every answer counts: skip it
        s.buttons[s.current.pole].click()
        s.next_button.click()
    first, skipped = s.current, len(s.results)
    s.buttons[wrong_of(s, first)].click()
    assert "Not quite" in s.feedback.value and common.md(first.description) in s.feedback.value
    s.next_button.click()
    play_quiz(s)
    assert s.score == len(core) - 1 and skipped < len(core)
    assert f"You sorted {len(core) - 1} of {len(core)} in a way the sources support" \
        in s.summary.value
    assert s.new_round_button.description == "Next round"
    s.new_round_button.click()
    assert set(s.ids) == core and s.results == [] and "Skill 1 of" in s.progress.value
    again = skill_sort()
    assert again.ids == s.ids and len(again.history) == 1


def test_growth_skills_have_their_own_store(course, home):
    """The growth set is sorted separately and saved apart from the core set."""
    g = skill_sort("growth")
    assert {c.set for c in g.cards.values()} == {"growth"}
    assert g.store.name == "skill_sort-growth"
    assert "could not start" in skill_sort("other").value


# --- the pair explorer -------------------------------------------------------------------

def test_explorer_shows_both_sides_and_remembers_the_pair(course, home):
    """Both sides of the chosen pair in coloured cards, cited; the pick survives a restart."""
    e = pair_explorer()
    assert isinstance(e, PairExplorer) and len(e.picker.options) == len(course.pairs)
    pair = course.pairs[1]
    e.picker.value = pair.id
    html = e.cards.value
    for side in (pair.leadership, pair.management):
        assert common.esc(side.name) in html and common.md(side.example) in html
        assert all(common.md(a) in html for a in side.actions)
    assert LEADERSHIP in html and MANAGEMENT in html
    assert course.source_title(pair.source) in html
    assert pair_explorer().picker.value == pair.id


# --- the simulator --------------------------------------------------------------------------

def test_simulator_follows_the_levels(course, home):
    """Each factor is a labelled Low/Medium/High control; the result follows at once."""
    sim = simulator()
    assert isinstance(sim, Simulator) and len(sim.controls) == len(course.factors)
    for factor in course.factors:
        ctrl = sim.controls[factor.id]
        assert ctrl.description == factor.label and ctrl.value == "medium"
        assert list(ctrl.tooltips) == [lv.label for lv in factor.levels]
    for level, verdict in (("high", "Lead"), ("low", "Manage")):
        for ctrl in sim.controls.values():
            ctrl.value = level
        rec = recommend(course, sim.levels)
        assert sim.recommendation == rec
        assert f"Verdict: {verdict}" in sim.result.value
        assert f"{round(rec.lead_share)}% leading" in sim.result.value
        assert 'role="img"' in sim.result.value
        assert all(common.md(r) in sim.result.value for r in rec.reasons)


def test_simulator_restores_levels(course, home):
    """The levels chosen are there after a restart."""
    sim = simulator()
    first = course.factors[0].id
    sim.controls[first].value = "high"
    assert simulator().levels == sim.levels and sim.levels[first] == "high"


# --- the cases ------------------------------------------------------------------------------

def test_cases_checked_and_scored(course, home):
    """Best calls from the data all match; one wrong call shows 'Not quite'."""
    c = cases()
    assert isinstance(c, Cases) and len(c.views) == len(course.cases)
    c.views[course.cases[0].id].check_button.click()
    assert "Choose Lead, Manage or Both / it depends first" in \
        c.views[course.cases[0].id].feedback.value
    for n, case in enumerate(course.cases):
        view = c.views[case.id]
        wrong = next(x for x in ("lead", "manage", "both") if x not in (case.best,
                                                                        *case.accepts))
        view.choice.value = wrong if n == 0 else case.best
        view.check_button.click()
        assert common.md(case.explanation) in view.feedback.value
        assert ("Not quite" if n == 0 else "Good call") in view.feedback.value
    total = len(course.cases)
    assert c.done and c.score == total - 1
    assert f"Your call fitted in {total - 1} of {total} cases" in c.score_html.value
    again = cases()
    assert again.choices == c.choices and again.checked == c.checked
    assert again.score_html.value == c.score_html.value
    again.restart_button.click()
    assert again.checked == set() and cases().choices == {}


# --- every activity -------------------------------------------------------------------------

@pytest.mark.parametrize(("build", "name", "cls"), BUILDERS)
def test_corrupt_store_still_starts_with_a_message(course, home, build, name, cls):
    """An unreadable save file is set aside; the activity starts clean and says so."""
    (home / "answers").mkdir(parents=True)
    (home / "answers" / f"{name}.json").write_text("{not json", encoding="utf-8")
    act = build()
    assert isinstance(act, cls)
    assert "could not be read" in act.note.value
    assert list((home / "answers").glob(f"{name}.corrupt-*.json"))


@pytest.mark.parametrize(("build", "name", "cls"), BUILDERS)
def test_broken_content_gives_a_message_not_a_raise(home, monkeypatch, build, name, cls):
    """With broken content each builder returns a friendly HTML message."""
    def broken():
        raise ContentError([Problem("statements.yaml", "is broken", line=2)])
    monkeypatch.setattr(common, "get_course", broken)
    out = build()
    assert isinstance(out, w.HTML) and "could not start" in out.value
    assert "Traceback" not in out.value


@pytest.mark.parametrize(("build", "name", "cls"), BUILDERS)
def test_odd_saved_values_are_ignored(course, home, build, name, cls):
    """Readable JSON holding the wrong shapes (an old version's) does not stop anything."""
    Store(name).update({"round": {"ids": ["gone", 3], "results": "x", "index": "y"},
                        "history": "x", "levels": ["x"], "pair": 7, "choices": [1],
                        "checked": {"a": 1}, "step": 99, "why": None, "seed": [1]})
    assert isinstance(build(), cls)


def test_quiz_results_are_shared_only_after_consent_and_only_right_or_wrong(course, home):
    """The share panel appears at the end; the shared file holds ids and booleans only."""
    import json

    from lvm_course.paths import shared_dir

    q = quiz(n=3, seed=7)
    assert q.share_box.layout.display == "none"
    for _ in range(3):
        q.buttons["both"].click()
        q.next_button.click()
    assert q.done and q.share_box.layout.display == ""
    assert q.share_button.disabled and q.share() is None
    assert "consent" in q.share_status.value
    q.share_consent.value = True
    q.share_cohort.value = "Ward A <b>"
    q.share_button.click()
    files = list((shared_dir()).rglob("*.json"))
    assert len(files) == 1 and files[0].parent.name == "quiz"
    doc = json.loads(files[0].read_text())
    assert doc["activity"] == "quiz" and len(doc["results"]) == 3
    assert all(set(r) == {"id", "correct"} for r in doc["results"])
    assert "Shared with group" in q.share_status.value and "<b>" not in q.share_status.value
    q.share_button.click()  # sharing again replaces the same file
    assert list(shared_dir().rglob("*.json")) == files


# --- disputed answers and the short sorts of part 02 ---------------------------------

@pytest.mark.parametrize("skill_id", ["skill-decision-making", "skill-problem-solving",
                                      "skill-strategy", "skill-training-development"])
def test_skills_the_sources_place_differently_accept_each_reading(course, home, skill_id):
    """Where the articles disagree, no reading is marked wrong and the feedback says so."""
    skill = next(s for s in course.skills if s.id == skill_id)
    assert skill.accepts and "The sources differ" in skill.differ
    for choice in ("leadership", "management", "both"):
        s = skill_sort(skill.set, store=Store(f"t-{choice}", home / "x"))
        while s.current.id != skill_id:
            s.buttons[s.current.pole].click()
            s.next_button.click()
        s.buttons[choice].click()
        assert s.results[-1]["correct"] is True
        assert "More than one answer counts here" in s.feedback.value
        assert common.md(skill.differ) in s.feedback.value
        assert all(s.buttons[k].button_style == "success" for k in s.accepted(skill))


def test_a_disputed_statement_counts_every_reading_and_cites_both_sides(course, home):
    q = quiz(len(course.statements), seed=5)
    while q.current.id != "st-change-support":
        q.buttons[q.current.answer].click()
        q.next_button.click()
    card = q.current
    assert card.answer == "management"  # where its cited article (002) puts it
    q.buttons["leadership"].click()
    assert q.results[-1]["correct"] is True and "Counts: Leadership" in q.feedback.value
    for source in (card.source, *card.see_also):
        assert course.source_title(source) in q.feedback.value.replace("&#x27;", "'")


@pytest.mark.parametrize("case_id, extra", [("case-new-starters", "manage"),
                                            ("case-important-delegation", "both")])
def test_cases_that_depend_accept_both_calls_and_say_why(course, home, case_id, extra):
    case = next(c for c in course.cases if c.id == case_id)
    assert extra in case.accepts and case.differ
    c = cases()
    view = c.views[case_id]
    view.choice.value = extra
    view.check_button.click()
    assert "That call fits too" in view.feedback.value
    assert common.md(case.differ) in view.feedback.value and c.score == 1
    view.choice.value = next(x for x in ("lead", "manage", "both")
                             if x not in (case.best, *case.accepts))
    view.check_button.click()
    assert "Not quite" in view.feedback.value and c.score == 0


@pytest.mark.parametrize("kind", ["key-differences", "areas", "contrasts", "qualities"])
def test_each_short_piece_of_part_02_has_its_own_sort(course, home, kind):
    from lvm_course.widgets import phrase_sort
    from lvm_course.widgets.sorting import KINDS, phrases

    cards = phrases(course, kind)
    s = phrase_sort(kind)
    assert s.title == KINDS[kind] and KINDS[kind] in s.header.value
    assert len(s.ids) == min(8, len(cards)) and set(s.ids) <= set(cards)
    play_quiz(s)
    assert s.score == len(s.ids)
    first = set(s.ids)
    s.new_round_button.click()  # the next round brings cards not seen yet, first
    unseen = set(cards) - first
    assert set(s.ids) & unseen == (unseen if len(unseen) <= 8 else set(s.ids))
    again = phrase_sort(kind)  # saved as it goes, restored on a restart
    assert again.ids == s.ids and again.store.name == f"sort-{kind}"


def test_a_key_difference_card_shows_its_opposite(course, home):
    from lvm_course.widgets.sorting import phrases

    card = phrases(course, "key-differences")["kd-vision-goals.leadership"]
    assert card.name == "Creates a vision" and "*Sets goals*" in card.description


def test_an_unknown_sort_is_a_friendly_message(home):
    from lvm_course.widgets import phrase_sort

    assert "could not start" in phrase_sort("nonsense").value


def test_delegation_is_a_disputed_quality(course):
    q = next(x for x in course.qualities if x.id == "quality-delegation")
    assert set(q.accepts) == {"both", "management"} and "The sources differ" in q.differ
