"""lvm_course.content: every data file loads, the articles' content is all there,
and broken content is reported all at once with file, line, item and field."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from lvm_course.content import check_content, load_course
from lvm_course.model import FILE_MODELS

from .fixtures.make_shingles import shingles

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SHINGLES = Path(__file__).resolve().parent / "fixtures" / "article_shingles.txt"


def test_every_data_file_loads_without_problems(course):
    """The shipped content validates: no problem in any file."""
    assert check_content() == []
    data = Path(__file__).resolve().parent.parent / "data"
    assert sorted(p.name for p in data.glob("*.yaml")) == sorted(FILE_MODELS)


def test_three_pairs_each_side_defined(course):
    """The three Kotter pairs, each side with a definition, actions and an example."""
    assert len(course.pairs) == 3
    names = {(p.leadership.name.lower(), p.management.name.lower()) for p in course.pairs}
    assert any("direction" in lead and "planning" in man for lead, man in names)
    assert any("aligning" in lead and "organising" in man for lead, man in names)
    assert any("motivating" in lead and "controlling" in man for lead, man in names)
    for pair in course.pairs:
        for side in (pair.leadership, pair.management):
            assert side.definition and side.example and len(side.actions) >= 3


def test_six_dimensions_three_per_pole_match_the_pairs(course):
    """The radar's six dimensions are the six processes of the three pairs."""
    assert len(course.dimensions) == 6
    assert len(course.dimensions_of("leadership")) == 3
    assert len(course.dimensions_of("management")) == 3
    sides = {p.leadership.dimension for p in course.pairs} | \
        {p.management.dimension for p in course.pairs}
    assert sides == {d.id for d in course.dimensions}


def test_questionnaire_contract(course):
    """>= 4 items per dimension, each with a reverse-keyed one; 2-3 tips; three bands."""
    per_dim = Counter(i.dimension for i in course.items)
    for dim in course.dimensions:
        assert per_dim[dim.id] >= 4
        assert any(i.reverse for i in course.items_of(dim.id))
        assert 2 <= len(dim.tips) <= 3
        assert dim.interpretation.low and dim.interpretation.high
    assert [b.id for b in course.bands] == ["low", "medium", "high"]
    assert len(course.scale) == 5


def test_skills_from_both_articles(course):
    """Nine management and fifteen leadership skills (000); four + four (002)."""
    core = Counter(s.pole for s in course.skills if s.set == "core")
    growth = Counter(s.pole for s in course.skills if s.set == "growth")
    assert core == {"management": 9, "leadership": 15}
    assert growth == {"management": 4, "leadership": 4}
    assert Counter(q.pole for q in course.qualities) == {"leadership": 5, "management": 5}
    assert len(course.practice) == 5


def test_differences_tables(course):
    """Six key differences and five areas (002); eleven contrasts (003)."""
    assert len(course.key_differences) == 6
    assert len(course.areas) == 5
    assert len(course.contrasts) == 11
    assert all(r.source.startswith("002_") for r in course.key_differences)
    assert all(r.source.startswith("003_") for r in course.contrasts)


def test_statement_bank_is_large_and_covers_all_answers(course):
    """At least 40 statements, each tagged leadership, management or both, explained."""
    assert len(course.statements) >= 40
    assert set(Counter(s.answer for s in course.statements)) == \
        {"leadership", "management", "both"}
    assert all(s.explanation for s in course.statements)


def test_ward_round_is_clinically_real_and_cited_honestly(course):
    """A UK ward round with its whole team. The one thing article 000 says (deciding each
    patient's course of action is leading, allocating the work to everyone present is
    managing) is cited to 000; the deteriorating patient is decided by 003's rule and
    starts with assessing and escalating; the setting itself is the course's own."""
    ward = course.scenario("ward-round")
    text = " ".join([ward.intro] + [x for st in ward.steps for x in (
        st.situation, *(c.consequence for c in st.choices))]).lower()
    for who in ("consultant", "registrar", "nurse in charge", "junior doctors",
                "pharmacist", "physiotherapist", "occupational therapist"):
        assert who in text, who
    assert "news2" in text and "outreach" in text
    assert re.search(r"nurse in charge (moves|plans|has already allocated)", text)
    assert ward.source == "course" and all(st.source == "course" for st in ward.steps)
    best = {st.id: [c for c in st.choices if c.verdict == "best"] for st in ward.steps}
    assert best["wr-bedside"][0].label.startswith("Lead")
    assert best["wr-bedside"][0].source.startswith("000_")
    assert best["wr-allocate"][0].label.startswith("Manage")
    assert best["wr-allocate"][0].source.startswith("000_")
    sick = best["wr-deteriorates"][0]
    assert sick.label.startswith("Manage: assess") and "outreach" in sick.label
    assert sick.source.startswith("003_")
    assert sick.consequence.startswith("You and the foundation doctor are at the bedside")
    assert "without thinking" not in ward.takeaway.text
    assert "each time" in ward.takeaway.text and ward.takeaway.source.startswith("003_")


def test_scenarios_branch_and_accept_defensible_calls(course):
    """Both scenarios: choices lead different ways, more than one ending, and where two
    readings hold, the second is accepted (verdict 'accepted') with its reason."""
    assert {s.id for s in course.scenarios} >= {"ward-round", "new-process"}
    for sc in course.scenarios:
        nexts = {c.next for st in sc.steps for c in st.choices}
        assert any(len({c.next for c in st.choices}) > 1 for st in sc.steps), sc.id
        assert len(sc.endings) >= 2 and {e.id for e in sc.endings} <= nexts
        accepted = [c for st in sc.steps for c in st.choices if c.verdict == "accepted"]
        assert accepted and all(c.feedback for c in accepted)


def test_scenarios_use_inclusive_wording():
    """No default 'she' or 'he' for a nurse, doctor or anyone else in the scenarios."""
    text = (Path(__file__).resolve().parent.parent / "data" / "scenarios.yaml").read_text(
        encoding="utf-8")
    assert not re.findall(r"\b(she|he|her|hers|him|his)\b", text, re.I)


def test_when_to_lead_and_when_to_manage(course):
    """Simulator factors lean both ways and there are 4-6 cases (003)."""
    leans = {lv.lean for f in course.factors for lv in f.levels}
    assert min(leans) < 0 < max(leans)
    assert 4 <= len(course.cases) <= 6


@pytest.mark.parametrize("concept", [
    "too-much-leading", "too-much-managing", "coexistence", "improving",
    "both-in-one-person", "leadership-definition", "management-definition",
])
def test_key_concepts_present(course, concept):
    """The risks of too much of either, coexistence and improving are taught."""
    assert course.concept(concept).text


def test_every_item_cites_one_of_the_five_articles(course):
    """Each source is a file of shared/seeds (when the seeds are beside the repo), or
    ``course``: the course's own addition, named as such wherever it is shown."""
    ids = {s.id for s in course.sources} - {"course"}
    assert len(ids) == 5
    if SEEDS.is_dir():
        assert ids <= {p.name for p in SEEDS.glob("*.txt")}
    assert "own addition" in course.source_title("course")


def _sentences(text: str) -> list[str]:
    return [s.strip().lower() for s in re.split(r"[.!?\n]", text) if len(s.split()) >= 8]


def test_no_sentence_copied_from_the_articles():
    """Facts carry over, sentences do not: no run of 8 words is verbatim from an article.

    Compared against hashes of the articles' 8-word runs (``fixtures/``), so the test
    runs on any clone. ``sources.yaml`` is skipped: article titles there are citations.
    """
    known = set(SHINGLES.read_text(encoding="utf-8").split())
    assert len(known) > 1000  # the fingerprint file is really there
    copied = []
    for path in sorted((Path(__file__).resolve().parent.parent / "data").glob("*.yaml")):
        if path.name == "sources.yaml":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            hit = [run for run in shingles(line) if run in known]
            if hit:
                copied.append(f"{path.name}:{n}: {line.strip()[:80]}")
    assert copied == []


def test_fingerprint_matches_the_articles():
    """When the articles are beside the repository, the fingerprint file is current."""
    if not SEEDS.is_dir():  # a clone without ../shared: the committed hashes stand
        assert SHINGLES.stat().st_size > 0
        return
    fresh = set()
    for path in SEEDS.glob("0*.txt"):
        fresh |= shingles(path.read_text(encoding="utf-8"))
    known = set(SHINGLES.read_text(encoding="utf-8").split())
    assert fresh == known
    # and the check bites: a sentence lifted from an article is flagged
    text = (SEEDS / "000_ae9b90a7715787bc.txt").read_text(encoding="utf-8")
    longest = max(text.splitlines(), key=len)
    assert shingles(longest) & known


def test_load_course_is_cached(course):
    """A second load returns the same object while the files are unchanged."""
    assert load_course() is load_course()
