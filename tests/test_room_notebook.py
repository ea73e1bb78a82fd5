"""Notebooks read as room pages: every course cell accepted, nothing else, no code run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lvm_course.errors import ContentError
from lvm_course.room.notebook import NOTEBOOKS, Call, Markdown, read_part, room_href
from lvm_course.room.render import warm_up

PARTS = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _notebook(folder: Path, name: str, cells: list[dict]) -> str:
    doc = {"cells": cells, "metadata": {"title": "T"}, "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    return name


def _code(source: str, tags: list[str] | None = None) -> dict:
    return {"cell_type": "code", "source": source, "metadata": {"tags": tags or []},
            "outputs": [], "execution_count": None}


def _md(source: str, tags: list[str] | None = None) -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": {"tags": tags or []}}


@pytest.mark.parametrize("part_id", PARTS)
def test_every_course_notebook_reads_as_a_room_page(part_id):
    part = read_part(part_id)
    calls = [b for b in part.blocks if isinstance(b, Call)]
    assert calls[0] == Call("show", "objectives", (part_id,), ())
    assert calls[-1] == Call("show", "key_points", (part_id,), ())
    text = " ".join(b.html for b in part.blocks if isinstance(b, Markdown))
    assert "Run All Cells" not in text and "Shift + Enter" not in text
    assert ".ipynb" not in text  # links point into the room


def test_the_group_board_notebook_reads_too():
    part = read_part("facilitator/group_board")
    assert Call("widgets", "group_board", (), ()) in part.blocks


def test_lab_only_and_part_nav_cells_are_left_out_and_links_point_into_the_room(tmp_path):
    name = _notebook(tmp_path, "07_x", [
        _md("# Title\n\nSee [part 01](01_two_roles.ipynb) and [start](00_start_here.ipynb)."),
        _md("Run → Run All Cells", ["lab-only"]),
        _code("from lvm_course import display as show, widgets\nshow.concepts('coexistence')"),
        _md("**Next:** [02](02_key_differences.ipynb)", ["part-nav"]),
    ])
    part = read_part(name, tmp_path)
    assert len(part.blocks) == 2
    assert 'href="/part/01_two_roles"' in part.blocks[0].html
    assert 'href="/"' in part.blocks[0].html
    assert part.blocks[1] == Call("show", "concepts", ("coexistence",), ())
    assert room_href("05_self_profile") == "/part/05_self_profile"


@pytest.mark.parametrize("source, says", [
    ("import os\nos.system('touch /tmp/pwned')", "only 'from lvm_course import"),
    ("from lvm_course import widgets\nwidgets.quiz(__import__('os').system('x'))",
     "plain values"),
    ("from lvm_course import widgets\nwidgets.quiz(n=len('abc'))", "plain values"),
    ("from lvm_course import widgets\nx = widgets.quiz()", "ends with one call"),
    ("from lvm_course import widgets\nwidgets.quiz().widget", "ends with one call"),
    ("from lvm_course import display as show\nshow._html('<script>')", "not part of"),
    ("from lvm_course import widgets\nwidgets.Store('x')", "not part of"),
    ("from lvm_course import widgets\nopen('x').write('y')", "ends with one call"),
    ("from lvm_course import widgets\nwidgets.quiz(**{'n': 3})", "keyword unpacking"),
    ("from lvm_course import widgets\nwidgets.quiz(", "not valid Python"),
])
def test_any_other_cell_is_refused_with_notebook_and_cell_named(tmp_path, source, says):
    name = _notebook(tmp_path, "07_bad", [_md("# x"), _code(source)])
    with pytest.raises(ContentError) as info:
        read_part(name, tmp_path)
    assert len(info.value.problems) == 1
    assert "07_bad.ipynb, cell 2" in str(info.value) and says in str(info.value)


def test_every_bad_cell_is_reported_at_once(tmp_path):
    name = _notebook(tmp_path, "07_bad", [_code("import os"), _md("ok"), _code("print(1)")])
    with pytest.raises(ContentError) as info:
        read_part(name, tmp_path)
    assert [p.file for p in info.value.problems] == ["07_bad.ipynb, cell 1",
                                                     "07_bad.ipynb, cell 3"]


def test_an_unreadable_notebook_is_a_content_error(tmp_path):
    (tmp_path / "07_x.ipynb").write_text("{not json")
    with pytest.raises(ContentError, match="07_x.ipynb: not a readable notebook"):
        read_part("07_x", tmp_path)
    with pytest.raises(ContentError, match="cannot be read"):
        read_part("08_missing", tmp_path)


def test_warm_up_checks_every_part_before_the_room_opens():
    assert warm_up(PARTS) == len(PARTS)


def test_a_changed_notebook_is_read_again(tmp_path):
    name = _notebook(tmp_path, "07_x", [_md("# one")])
    assert "one" in read_part(name, tmp_path).blocks[0].html
    import os
    import time

    _notebook(tmp_path, "07_x", [_md("# two")])
    later = time.time() + 5
    os.utime(tmp_path / "07_x.ipynb", (later, later))
    assert "two" in read_part(name, tmp_path).blocks[0].html
