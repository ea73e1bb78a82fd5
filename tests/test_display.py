"""lvm_course.display: static content as accessible, escaped HTML that cites its
sources, and a friendly message instead of a traceback when content is broken."""

from __future__ import annotations

import dataclasses
import re

import pytest
from IPython.display import HTML

from lvm_course import display
from lvm_course.errors import ContentError, Problem
from lvm_course.widgets import common

TABLES = ["pairs_table", "key_differences", "areas", "contrasts"]


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1])


def _sources_line(html: str) -> str:
    return re.search(r'class="lvm-sources"[^>]*>(.*?)</div>', html).group(1)


@pytest.fixture
def patched(monkeypatch, course):
    """Swap in a modified course: ``patched(concepts=(...))``."""
    def apply(**changes):
        new = dataclasses.replace(course, **changes)
        monkeypatch.setattr(common, "get_course", lambda: new)
        return new
    return apply


def test_objectives_and_key_points_boxes(course):
    """Each notebook's objectives and key points, in labelled boxes."""
    for nb in course.notebooks:
        obj = display.objectives(nb.id)
        assert isinstance(obj, HTML) and "In this part you will…" in obj.data
        assert obj.data.count("<li>") == len(nb.objectives)
        kp = display.key_points(nb.id).data
        assert "Key points" in kp and kp.count("<li>") == len(nb.key_points)


@pytest.mark.parametrize("name", TABLES)
def test_tables_are_accessible_and_cite_every_row(course, name):
    """Caption, column headers with scope, one reference per row, titles listed."""
    html = getattr(display, name)().data
    assert "<caption" in html and '<th scope="col"' in html
    rows = _rows(html)
    assert rows and all(re.search(r"<sup[^>]*>\[\d+\]</sup>", r) for r in rows)
    titles = {s.id: s.title for s in course.sources}
    listed = _sources_line(html)
    for n in {int(x) for x in re.findall(r"\[(\d+)\]</sup>", html)}:
        assert f"[{n}]" in listed
    assert any(t in listed for t in titles.values())


def test_table_row_counts(course):
    """One row per pair, key difference, area and contrast."""
    assert len(_rows(display.pairs_table().data)) == len(course.pairs)
    assert len(_rows(display.key_differences().data)) == len(course.key_differences)
    assert len(_rows(display.areas().data)) == len(course.areas)
    assert len(_rows(display.contrasts().data)) == len(course.contrasts)


def test_concepts_by_id_and_all(course):
    """Named concepts show title, text and source; no id shows them all."""
    html = display.concepts("leadership-definition", "management-definition").data
    lead = course.concept("leadership-definition")
    assert html.index(common.esc(lead.title)) < html.index(
        common.esc(course.concept("management-definition").title))
    assert course.source_title(lead.source) in html and html.count("Source:") == 2
    assert display.concepts().data.count('class="lvm-source"') == len(course.concepts)


@pytest.mark.parametrize("kind", ["core", "growth"])
def test_skills_two_columns(course, kind):
    """Leadership and management columns, each skill with its description and source."""
    html = display.skills(kind).data
    parts = re.split(r'aria-label="[^"]*: Management"', html)
    assert len(parts) == 2  # one management column, labelled with its list's title
    chosen = [s for s in course.skills if s.set == kind]
    for skill in chosen:
        side = parts[0] if skill.pole == "leadership" else parts[1]
        assert common.esc(skill.name) in side
    assert html.count("<li") == len(chosen) and "Sources:" in html


def test_qualities_and_practice(course):
    """Every quality and practice theme is listed, with sources."""
    q = display.qualities().data
    assert q.count("<li") == len(course.qualities) and "Sources:" in q
    p = display.practice().data
    assert p.count("<li") == len(course.practice)
    assert all(common.esc(x.title) in p for x in course.practice)


def test_course_map_lists_notebooks_with_minutes(course):
    """00_start_here's map: every part, its title and its time, and the total."""
    html = display.course_map().data
    assert '<th scope="col"' in html and "<caption" in html
    for nb in course.notebooks:
        assert common.esc(nb.title) in html and f"{nb.minutes} min" in html


def test_text_is_escaped_then_light_markdown(course, patched):
    """HTML in content is shown as text; **bold** still works."""
    first = course.concepts[0]
    evil = first.model_copy(update={"title": "<b>T</b>",
                                    "text": "<script>alert(1)</script> **key**"})
    patched(concepts=(evil, *course.concepts[1:]))
    html = display.concepts(first.id).data
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>key</strong>" in html and "&lt;b&gt;T&lt;/b&gt;" in html


def test_unknown_id_gives_a_message(course):
    """A typo in a notebook shows a readable message naming the id, not a traceback."""
    html = display.objectives("99_nope").data
    assert "could not start" in html and "99_nope" in html
    assert "Traceback" not in html


def test_broken_content_gives_a_message(monkeypatch):
    """If the content cannot load, every function returns a message, not a raise."""
    def broken():
        raise ContentError([Problem("pairs.yaml", "is broken", line=3)])
    monkeypatch.setattr(common, "get_course", broken)
    for name in [*TABLES, "skills", "qualities", "practice", "course_map", "concepts"]:
        html = getattr(display, name)().data
        assert "problem(s) in the course content" in html
