"""The group board, driven as a facilitator would: pick, refresh, go live, export."""

from __future__ import annotations

import asyncio
import csv
import json
import random

import ipywidgets as w
import pytest

from lvm_course.profile import new_profile, profile_document, save_profile
from lvm_course.widgets.board import GroupBoard, group_board


def write_group(course, folder, n, seed=0, start=0):
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(start, start + n):
        profile = new_profile(course, {i.id: rng.randint(1, 5) for i in course.items},
                              label=f"Secret Name {k}")
        doc = profile_document(profile)
        (folder / f"p{k:04d}.json").write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def group(home, tmp_path):
    return tmp_path / "group"


def everything(board):
    """All the HTML the board shows."""
    parts = [board.status.value, board.news.value, board.skipped_note.value,
             board.radar.value, board.distributions.value, board.balance.value,
             board.hardest.value, board.files.value, board.cohort_note.value]
    return "\n".join(parts)


def test_below_threshold_shows_only_how_many_more(course, group):
    """4 of 5: one sentence with the count, no chart, no number, no export."""
    write_group(course, group / "ward-7", 4)
    board = group_board("ward-7")
    assert isinstance(board, GroupBoard)
    assert "4 profiles shared" in board.status.value and "1 more needed" in board.status.value
    assert board.radar.value == board.distributions.value == board.balance.value == ""
    assert "<img" not in everything(board) and "median" not in everything(board)
    assert all(b.disabled for b in board.export_buttons.values())
    assert board.export("csv") is None and "more profile(s) needed" in board.files.value
    assert not (group.parent / "home" / "exports").exists()


def test_at_threshold_draws_charts_with_text_alternatives(course, group):
    """5 of 5: radar, distributions and balance, each an <img alt> plus visible text."""
    write_group(course, group / "ward-7", 5)
    board = group_board("ward-7")
    assert "5 profiles shared" in board.status.value
    for box in (board.radar, board.distributions, board.balance):
        assert '<img src="data:image/png;base64,' in box.value and 'alt="' in box.value
        assert 'class="lvm-alt"' in box.value
    assert "median" in board.radar.value and "middle half" in board.radar.value
    assert "lean to leadership" in board.balance.value
    assert "Secret Name" not in everything(board)
    assert not any(b.disabled for b in board.export_buttons.values())


def test_new_files_between_refreshes_are_announced(course, group):
    """3 new arrive -> '3 new since last refresh'; the threshold is crossed."""
    write_group(course, group / "ward-7", 3)
    board = group_board("ward-7")
    assert board.summary.n == 3 and not board.summary.ready
    write_group(course, group / "ward-7", 3, seed=5, start=3)
    board.refresh_button.click()
    assert board.summary.n == 6 and board.summary.ready
    assert "3 new since last refresh" in board.news.value
    assert "<img" in board.radar.value
    before = board.radar.value
    board.refresh()
    assert "No change since last refresh" in board.news.value
    assert board.radar.value == before
    (group / "ward-7" / "p0000.json").unlink()
    board.refresh()
    assert "1 withdrawn" in board.news.value and board.summary.n == 5


def test_two_cohorts_are_kept_apart(course, group):
    """Switching the dropdown shows the other cohort's own count."""
    write_group(course, group / "ward-7", 6, seed=1)
    write_group(course, group / "ward-8", 2, seed=2)
    board = group_board()
    assert [v for _, v in board.choose.options] == ["", "ward-7", "ward-8"]
    assert board.summary is None and "Choose the group" in board.status.value
    board.choose.value = "ward-7"
    assert board.summary.n == 6 and board.summary.ready
    board.choose.value = "ward-8"
    assert board.summary.n == 2 and not board.summary.ready
    assert board.radar.value == "" and "3 more needed" in board.status.value


def test_typed_cohort_is_sanitised_and_escaped(course, group):
    """'../../etc' and an <img onerror> name become safe folder names inside the group."""
    write_group(course, group / "etc", 5)
    board = group_board()
    board.typed.value = "../../etc"
    assert board.cohort == "etc" and board.summary.n == 5
    assert "Showing group &#x27;etc&#x27;" in board.cohort_note.value
    board.typed.value = "<img src=x onerror=alert(1)>"
    assert board.cohort == "img-src-x-onerror-alert-1"
    assert "<img src=x" not in everything(board)
    assert board.summary.n == 0 and "5 more needed" in board.status.value
    board.typed.value = "<>"
    assert "letters or digits" in board.cohort_note.value
    assert board.cohort == "img-src-x-onerror-alert-1"


def test_skipped_files_are_listed_and_escaped(course, group, tmp_path):
    """Bad files are named with their reason (escaped); the good ones still count."""
    folder = group / "ward-7"
    write_group(course, folder, 5)
    (folder / "<i onmouseover=x>evil.json").write_text("{broken", encoding="utf-8")
    (folder / "big.json").write_bytes(b" " * (2 * 1024 * 1024))
    (folder / "dir.json").mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    (folder / "link.json").symlink_to(outside)
    board = group_board("ward-7")
    note = board.skipped_note.value
    assert "4 file(s) could not be used" in note
    assert "&lt;i onmouseover=x&gt;evil.json" in note and "<i onmouseover" not in note
    assert "too large" in note and "folder" in note and "outside" in note
    assert board.summary.n == 5 and "<img" in board.radar.value


def test_hardest_statements_from_shared_quiz_results(course, group):
    """Quiz files give the room's hardest statements, text looked up and escaped."""
    folder = group / "ward-7"
    write_group(course, folder, 5)
    (folder / "quiz").mkdir()
    hard = course.statements[0]
    for k in range(5):
        doc = {"kind": "lvm-course-quiz", "schema_version": 1, "activity": "quiz",
               "results": [{"id": hard.id, "correct": k == 0},
                           {"id": course.statements[1].id, "correct": True}]}
        (folder / "quiz" / f"q{k}.json").write_text(json.dumps(doc), encoding="utf-8")
    board = group_board("ward-7")
    assert "What the room found hardest (5 shared quiz results)" in board.hardest.value
    assert "80%" in board.hardest.value and hard.text[:25] in board.hardest.value
    assert course.statements[1].text[:25] not in board.hardest.value


def test_overlay_of_the_facilitators_own_profile(course, group, home):
    """Ticking the overlay adds the facilitator's scores (radar and its text)."""
    write_group(course, group / "ward-7", 5)
    board = group_board("ward-7")
    board.overlay.value = True
    assert "no saved profile" in board.overlay_note.value and "Overlay" not in board.radar.value
    board.overlay.value = False
    own = new_profile(course, {i.id: 5 for i in course.items})
    save_profile(own, home / "profile.json")
    board.overlay.value = True
    assert board.overlay_note.value == ""
    first = course.dimensions[0]
    assert "Overlay (you (facilitator))" in board.radar.value
    assert f"{first.name} {own.scores.dimensions[first.id].score:.1f}" in board.radar.value


def test_exports_png_pdf_and_anonymous_csv(course, group, home):
    """PNG and PDF reports and a CSV of scores only: no answers, labels or file names."""
    write_group(course, group / "ward-7", 6)
    board = group_board("ward-7")
    board.export_buttons["png"].click()
    png = board.export("png")
    assert png.read_bytes()[:4] == b"\x89PNG" and png.parent == home / "exports"
    assert "download=" in board.files.value
    assert board.export("pdf").read_bytes()[:4] == b"%PDF"
    path = board.export("csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    dims = [d.id for d in course.dimensions]
    assert rows[0] == ["participant", *dims, "leadership", "management", "balance"]
    assert len(rows) == 7
    text = path.read_text(encoding="utf-8")
    assert "Secret" not in text and "p0000" not in text and "q-" not in text


def test_export_failure_is_a_message(course, group, monkeypatch):
    """A disk error while exporting shows a message instead of raising."""
    from lvm_course import group_report

    write_group(course, group / "ward-7", 5)
    board = group_board("ward-7")

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(group_report, "atomic_write_bytes", full)
    assert board.export("csv") is None and "No space left" in board.files.value


def test_live_toggle_without_a_loop_says_so(course, group):
    """In a plain script there is no event loop: the toggle explains and switches off."""
    write_group(course, group / "ward-7", 5)
    board = group_board("ward-7")
    board.live.value = True
    assert board.live.value is False and "press Refresh" in board.live_note.value


def test_live_refresh_runs_on_the_loop_and_stops(course, group):
    """With a running loop, live mode re-reads the folder by itself, then stops."""
    folder = group / "ward-7"
    write_group(course, folder, 2)

    async def scenario():
        board = GroupBoard(course, "ward-7", interval=0.02)
        board.live.value = True
        assert board._task is not None and board.live.icon == "pause"
        write_group(course, folder, 4, seed=3, start=2)
        for _ in range(200):
            await asyncio.sleep(0.02)
            if board.summary.n == 6:
                break
        assert board.summary.ready and "4 new since last refresh" in board.news.value
        task = board._task
        board.live.value = False
        await asyncio.sleep(0.05)
        assert task.cancelled() and board._task is None
        return board.refreshes

    assert asyncio.run(scenario()) >= 2


def test_threshold_never_below_the_floor_and_configurable(course, group):
    """min_group=3 shows 3 people; 2 gives a friendly error instead of a board."""
    write_group(course, group / "ward-7", 3)
    assert group_board("ward-7", min_group=3).summary.ready
    refused = group_board("ward-7", min_group=2)
    assert isinstance(refused, w.HTML) and "never below 3" in refused.value


def test_empty_group_folder(course, group):
    """No group folder at all: a prompt to choose, nothing else."""
    board = group_board()
    assert board.summary is None and [v for _, v in board.choose.options] == [""]
    board.typed.value = "ward 7"
    assert board.cohort == "ward-7" and "5 more needed" in board.status.value
