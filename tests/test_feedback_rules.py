"""The 360-degree anonymity rules: data in ``feedback.yaml`` (never below 3), and the
report shows a group, a number or a comment only when the rules allow it."""

from __future__ import annotations

import random
import re

import pytest

from lvm_course.content import MIN_ANONYMITY, check_content
from lvm_course.feedback.anonymity import ALL, SELF, Rating, build_report, disclose

from .test_content_errors import _edit

ORDER = ["manager", "peer", "report", "other"]


def rules(course, **changes):
    return course.feedback.model_copy(update=changes)


def raters(course, spec, value=3, comment=""):
    """``{"peer": 3, "manager": 1}`` -> that many ratings, every item ``value``."""
    return [Rating(g, {i.id: value for i in course.items}, comment)
            for g, n in spec.items() for _ in range(n)]


def planning(course, value):
    """The planning score of a rater who answered every item ``value``."""
    from lvm_course.scoring import score

    return score(course, {i.id: value for i in course.items}).dimensions["planning"].score


def lines(report):
    return {line.key: line for line in report.lines}


# --- the rules file -------------------------------------------------------------------
def test_the_shipped_rules_are_the_safe_defaults(course):
    r = course.feedback
    assert [g.id for g in r.groups] == ORDER
    assert r.min_group_size == 3 and r.min_comments == 3 and r.allow_manager_alone is False


@pytest.mark.parametrize("key", ["min_group_size", "min_comments"])
def test_a_threshold_below_3_is_refused_with_file_and_line(data_copy, key):
    _edit(data_copy / "feedback.yaml", f"{key}: 3", f"{key}: 2")
    problems = [p for p in check_content(data_copy) if p.file == "feedback.yaml"]
    assert len(problems) == 1 and problems[0].field == key
    assert "never be below 3" in problems[0].message
    line = (data_copy / "feedback.yaml").read_text().splitlines()[problems[0].line - 1]
    assert line.startswith(f"{key}: 2")


def test_a_higher_threshold_is_a_programmes_own_choice(data_copy):
    _edit(data_copy / "feedback.yaml", "min_group_size: 3", "min_group_size: 5")
    assert check_content(data_copy) == []


def test_bad_rules_are_named(data_copy):
    path = data_copy / "feedback.yaml"
    _edit(path, "allow_manager_alone: false", "allow_manager_alone: true")
    _edit(path, "- id: manager", "- id: boss")
    _edit(path, "- id: other", "- id: peer")
    found = {(p.field, p.message.split(" (")[0]) for p in check_content(path.parent)}
    assert ("allow_manager_alone", "is true, but no group has the id 'manager'") in found
    assert ("id", "duplicate id") in found
    _edit(path, "not_able: Not able to rate", "not_able: ''")
    found = {(p.field, p.message) for p in check_content(path.parent)}
    assert ("not_able", "must not be empty") in found


# --- disclose: each rule at its edge ---------------------------------------------------
@pytest.mark.parametrize(("counts", "shown", "combined"), [
    ({"peer": 2}, set(), False),                       # under 3 in all: nothing
    ({"peer": 3}, {"peer"}, True),                     # exactly 3: shown
    ({"peer": 2, "report": 1}, set(), True),           # small groups merged into 3 others
    ({"peer": 3, "report": 3}, {"peer", "report"}, True),
    ({"peer": 3, "manager": 1}, set(), True),          # peers would give the manager away
    ({"peer": 3, "manager": 2}, set(), True),
    ({"peer": 3, "manager": 3}, {"peer", "manager"}, True),
    ({"peer": 3, "report": 3, "other": 1}, {"peer"}, True),  # one merged: reports join it
    ({"peer": 4, "report": 3, "other": 3}, {"peer", "report", "other"}, True),
    ({"peer": 3, "report": 2, "other": 1}, {"peer"}, True),  # 3 merged: enough
])
def test_disclose(counts, shown, combined):
    got = disclose({g: counts.get(g, 0) for g in ORDER}, 3, order=ORDER)
    assert got == (frozenset(shown), combined)


def test_no_subtraction_of_what_is_shown_leaves_fewer_than_k(course):
    """Every combination of up to 5 raters in 4 groups: the raters not shown in a group
    of their own are none or at least k, whenever all others are shown."""
    import itertools

    for spec in itertools.product(range(6), repeat=4):
        counts = dict(zip(ORDER, spec, strict=True))
        for alone in ((), ("manager",)):
            shown, combined = disclose(counts, 3, alone, order=ORDER)
            for g in shown:
                assert counts[g] >= 3 or (g in alone and counts[g] >= 1)
            left = sum(spec) - sum(counts[g] for g in shown)
            if combined:
                assert left == 0 or left >= 3, (counts, alone, shown)
            else:
                assert shown <= set(alone)


def test_k_is_never_below_3_even_when_asked(course):
    assert disclose({"peer": 2}, 1) == (frozenset(), False)
    weak = rules(course, min_group_size=1, min_comments=1)
    report = build_report(course, raters(course, {"peer": 2}, comment="hi"), rules=weak)
    assert report.k == MIN_ANONYMITY and not report.combined and report.comments is None


# --- the report -----------------------------------------------------------------------
def test_two_raters_show_nothing_of_others(course):
    own = {i.id: 4 for i in course.items}
    report = build_report(course, raters(course, {"peer": 2}), own)
    assert [line.key for line in report.lines] == [SELF]
    assert not any(row.shown for row in report.items)
    assert report.blind_spots == report.hidden_strengths == []
    assert "1 more needed" in report.notes[0]


def test_three_peers_and_a_manager_show_only_all_others(course):
    """The four-colleague case: the manager is merged, and so are the peers, since
    all others minus peers would be the manager's own answers."""
    ratings = raters(course, {"peer": 3}, 2) + raters(course, {"manager": 1}, 5)
    report = build_report(course, ratings)
    assert set(lines(report)) == {ALL}
    assert lines(report)[ALL].raters == 4
    counts = {g.id: g for g in report.counts}
    assert counts["peer"].raters == 3 and not counts["peer"].shown
    assert "would reveal the answers" in counts["peer"].why
    assert not counts["manager"].shown and "fewer than 3" in counts["manager"].why
    assert lines(report)[ALL].scores["planning"] == pytest.approx(
        (3 * planning(course, 2) + planning(course, 5)) / 4)


def test_the_manager_alone_only_when_the_programme_allows_it(course):
    ratings = raters(course, {"peer": 3}, 2) + raters(course, {"manager": 1}, 5)
    report = build_report(course, ratings, rules=rules(course, allow_manager_alone=True))
    shown = lines(report)
    assert set(shown) == {"manager", "peer", ALL}
    assert shown["manager"].scores["planning"] == planning(course, 5)
    assert shown["peer"].scores["planning"] == planning(course, 2)
    alone = build_report(course, raters(course, {"manager": 1}),
                         rules=rules(course, allow_manager_alone=True))
    assert set(lines(alone)) == {"manager"} and not alone.combined


def test_a_dimension_is_hidden_for_a_group_where_fewer_than_k_scored_it(course):
    """Two of three peers chose "not able to rate" on every planning item: the peers'
    planning is hidden, and so is all others' (only one rater scored it)."""
    planning = {i.id for i in course.items_of("planning")}
    ratings = raters(course, {"peer": 1}, 4) + [
        Rating("peer", {i.id: 2 for i in course.items if i.id not in planning})
        for _ in range(2)]
    report = build_report(course, ratings)
    peers = lines(report)["peer"]
    assert peers.scores["planning"] is None and peers.scores["direction"] is not None
    assert lines(report)[ALL].scores["planning"] is None
    assert all(not row.shown for row in report.items if row.item.id in planning)


def test_per_dimension_subtraction_is_blocked_too(course):
    """Peers 3 and reports 3 all score direction, but only one report scores planning:
    on planning, reports are hidden and so are peers (all minus peers = that report)."""
    planning = {i.id for i in course.items_of("planning")}
    skip = {i.id: 3 for i in course.items if i.id not in planning}
    ratings = raters(course, {"peer": 3, "report": 1}) + [Rating("report", skip)] * 2
    report = build_report(course, ratings)
    assert lines(report)["peer"].scores["planning"] is None
    assert lines(report)["report"].scores["planning"] is None
    assert lines(report)[ALL].scores["planning"] is not None  # 4 scored it
    assert lines(report)["peer"].scores["direction"] is not None


def test_gaps_are_blind_spots_and_hidden_strengths_in_the_dimension_sense(course):
    first, reverse = course.items[0], next(i for i in course.items if i.reverse)
    own = {i.id: 3 for i in course.items} | {first.id: 5, reverse.id: 5}
    ratings = [Rating("peer", {i.id: 3 for i in course.items} | {first.id: 2})] * 3
    report = build_report(course, ratings, own)
    assert report.blind_spots[0].item == first and report.blind_spots[0].gap == 3
    # answering a reverse-keyed item "always" is less of the dimension: a hidden strength
    assert report.hidden_strengths[0].item == reverse and report.hidden_strengths[0].gap == -2


def test_per_item_agreement_needs_k_ratings(course):
    item = course.items[0]
    ratings = [Rating("peer", {item.id: v}) for v in (1, 3, 5)] + [Rating("peer", {})] * 0
    row = next(r for r in build_report(course, ratings).items if r.item == item)
    assert (row.rated, row.mean, row.low, row.high) == (3, 3.0, 1, 5)
    assert row.agreement == "wide difference"
    two = next(r for r in build_report(course, ratings[:2] + raters(course, {"other": 1})).items
               if r.item == course.items[1])
    assert two.rated == 1 and not two.shown


def test_comments_need_three_writers_and_come_unattributed_in_random_order(course):
    two = raters(course, {"peer": 2}, comment="Listens well") + raters(course, {"report": 3})
    report = build_report(course, two)
    assert report.comments is None and "2 rater(s) wrote a comment" in report.comments_note
    texts = ["A from the manager", "B from a peer", "C from a report"]
    ratings = [Rating(g, {i.id: 3 for i in course.items}, t)
               for g, t in zip(["manager", "peer", "report"], texts, strict=True)]
    orders = {tuple(build_report(course, ratings, shuffle=random.Random(s)).comments)
              for s in range(12)}
    assert all(sorted(o) == texts for o in orders) and len(orders) > 1
    assert "without their group" in build_report(course, ratings).comments_note


def test_ratings_are_rescored_from_their_items(course):
    """A rating's scores come from its answers through the course's scoring."""
    from lvm_course.scoring import score

    answers = {i.id: 1 + n % 5 for n, i in enumerate(course.items)}
    report = build_report(course, [Rating("peer", answers)] * 3)
    expected = score(course, answers).dimensions
    for dim in course.dimensions:
        assert lines(report)[ALL].scores[dim.id] == pytest.approx(expected[dim.id].score)
    assert not re.search(r"\bscores?\b", repr(Rating("peer", answers)))
