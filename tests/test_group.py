"""Aggregating a cohort folder: bad files skipped by name, re-scoring, the threshold."""

from __future__ import annotations

import json
import os
import random

import numpy as np
import pytest

from lvm_course.errors import LvmCourseError
from lvm_course.group import (
    MIN_GROUP,
    MIN_GROUP_FLOOR,
    GroupError,
    Snapshot,
    TooFewError,
    hardest,
    list_cohorts,
    read_folder,
    summarise,
)
from lvm_course.profile import load_profile, new_profile, profile_document
from lvm_course.scoring import score


def write_group(course, folder, n, seed=0, start=0):
    """``n`` valid profile files with random answers; returns their documents."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for k in range(start, start + n):
        profile = new_profile(course, {i.id: rng.randint(1, 5) for i in course.items})
        doc = profile_document(profile)
        (folder / f"p{k:04d}.json").write_text(json.dumps(doc), encoding="utf-8")
        docs.append(doc)
    return docs


def bad_files(course, folder, tmp_path):
    """One of every kind of bad file; returns {name: expected words in the reason}."""
    good = profile_document(new_profile(course, {i.id: 4 for i in course.items}))
    (folder / "truncated.json").write_text(json.dumps(good)[:50], encoding="utf-8")
    (folder / "latin1.json").write_bytes(b'{"kind": "caf\xe9"}')
    (folder / "huge.json").write_bytes(b" " * (2 * 1024 * 1024))
    (folder / "foreign.json").write_text('{"kind": "something-else"}', encoding="utf-8")
    (folder / "x.json").mkdir()
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(good), encoding="utf-8")
    (folder / "link.json").symlink_to(secret)
    (folder / "future.json").write_text(json.dumps({**good, "schema_version": 9}),
                                        encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    out_of_range = {**good, "answers": {**good["answers"], course.items[0].id: 9}}
    (folder / "range.json").write_text(json.dumps(out_of_range), encoding="utf-8")
    unknown = {**good, "answers": {**good["answers"], "q-nope": 3}}
    (folder / "unknown.json").write_text(json.dumps(unknown), encoding="utf-8")
    half = {**good, "answers": {course.items[0].id: 3}}
    (folder / "incomplete.json").write_text(json.dumps(half), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "notes.txt").write_text("ignored: not .json", encoding="utf-8")
    return {"truncated.json": "not valid JSON", "latin1.json": "not UTF-8",
            "huge.json": "too large", "foreign.json": "not an lvm-course profile",
            "x.json": "folder", "link.json": "outside", "future.json": "newer version",
            "empty.json": "empty", "list.json": "not a profile", "range.json": "outside 1-5",
            "unknown.json": "unknown questionnaire item", "incomplete.json": "incomplete",
            "deep.json": "nested too deeply"}


def test_good_files_are_read_and_rescored(course, tmp_path):
    """Each valid file becomes one answer row; scores match score() per profile."""
    docs = write_group(course, tmp_path / "c", 6)
    data = read_folder(course, tmp_path / "c")
    assert data.n == 6 and data.skipped == [] and data.matrix.shape == (6, len(course.items))
    summary = summarise(course, data)
    first = score(course, docs[0]["answers"])
    for d in summary.dimensions:
        assert d.values[0] == pytest.approx(first.dimensions[d.id].score)
    assert summary.leadership[0] == pytest.approx(first.leadership)
    assert summary.balance[0] == pytest.approx(first.balance)


def test_every_bad_file_is_skipped_by_name_and_the_good_ones_count(course, tmp_path):
    """Malformed, oversized, foreign, linked-out, future and bad-answer files are skipped."""
    folder = tmp_path / "c"
    write_group(course, folder, 5)
    expected = bad_files(course, folder, tmp_path)
    data = read_folder(course, folder)
    assert data.n == 5
    reasons = {s.name: s.reason for s in data.skipped}
    assert set(reasons) == set(expected)
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    assert summarise(course, data).ready


def test_huge_file_is_refused_unread(course, tmp_path, monkeypatch):
    """A file over 1 MiB is never opened."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "huge.json").write_bytes(b"{" * (1024 * 1024 + 1))
    opened = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    data = read_folder(course, folder)
    assert [s.name for s in data.skipped] == ["huge.json"] and opened == []


def test_tampered_scores_are_ignored(course, tmp_path):
    """Stored scores claiming 5.0 everywhere do not change the group's numbers."""
    folder = tmp_path / "c"
    docs = write_group(course, folder, 5)
    for k, doc in enumerate(docs):
        doc["scores"] = {d.id: 5.0 for d in course.dimensions} | {"leadership": 5.0}
        (folder / f"p{k:04d}.json").write_text(json.dumps(doc), encoding="utf-8")
    summary = summarise(course, read_folder(course, folder))
    for k, doc in enumerate(docs):
        true = score(course, doc["answers"])
        assert summary.leadership[k] == pytest.approx(true.leadership)
        assert summary.leadership[k] != 5.0 or true.leadership == 5.0


def test_fast_path_agrees_with_the_full_loader(course, tmp_path):
    """Files the fast check hands to pydantic (odd but valid) are still accepted."""
    folder = tmp_path / "c"
    folder.mkdir()
    good = profile_document(new_profile(course, {i.id: 2 for i in course.items}))
    odd = {**good, "created": "2026-11-01 10:00:00"}       # a space, not a T
    (folder / "odd.json").write_text(json.dumps(odd), encoding="utf-8")
    assert load_profile(course, folder / "odd.json").answers == good["answers"]
    data = read_folder(course, folder)
    assert data.n == 1 and data.skipped == []
    assert data.matrix[0].tolist() == [good["answers"][i.id] for i in course.items]


@pytest.mark.parametrize("change", [
    {"label": "x" * 61}, {"answers": []}, {"kind": "lvm-course-profile", "extra": 1},
    {"schema_version": 0}, {"created": "yesterday"}, {"answers": {"q-direction-1": True}},
    {"scores": []}, {"answers": {"q-direction-1": 2.0}},
])
def test_fast_path_never_accepts_what_the_loader_refuses(course, tmp_path, change):
    """Everything the full loader refuses, the folder reader skips too."""
    folder = tmp_path / "c"
    folder.mkdir()
    good = profile_document(new_profile(course, {i.id: 2 for i in course.items}))
    (folder / "bad.json").write_text(json.dumps({**good, **change}), encoding="utf-8")
    with pytest.raises(LvmCourseError):
        load_profile(course, folder / "bad.json")
    data = read_folder(course, folder)
    assert data.n == 0 and [s.name for s in data.skipped] == ["bad.json"]


def test_below_threshold_has_no_numbers(course, tmp_path):
    """4 profiles with the default k=5: not ready, one more needed, no values at all."""
    write_group(course, tmp_path / "c", 4)
    summary = summarise(course, read_folder(course, tmp_path / "c"))
    assert (summary.n, summary.ready, summary.needed) == (4, False, 1)
    assert summary.dimensions == () and summary.balance == () and summary.leadership == ()
    assert "dimensions" not in summary.as_json()
    with pytest.raises(TooFewError, match="1 more needed"):
        summary.require_ready()


def test_at_threshold_quartiles_are_right(course, tmp_path):
    """Exactly k profiles: ready, and the quartiles are numpy's percentiles of the values."""
    write_group(course, tmp_path / "c", MIN_GROUP, seed=3)
    summary = summarise(course, read_folder(course, tmp_path / "c"))
    assert summary.ready and summary.needed == 0 and summary.n == MIN_GROUP
    assert [d.id for d in summary.dimensions] == [d.id for d in course.dimensions]
    for d in summary.dimensions:
        assert len(d.values) == MIN_GROUP
        assert (d.q1, d.median, d.q3) == pytest.approx(np.percentile(d.values, [25, 50, 75]))
        assert 1 <= d.q1 <= d.median <= d.q3 <= 5
    assert summary.as_json()["dimensions"][course.dimensions[0].id]["median"] == \
        pytest.approx(summary.dimensions[0].median, abs=1e-3)


def test_threshold_is_configurable_but_never_below_the_floor(course, tmp_path):
    """min_group=3 shows 3 profiles; 2 is refused naming the floor."""
    write_group(course, tmp_path / "c", 3)
    data = read_folder(course, tmp_path / "c")
    assert summarise(course, data, min_group=3).ready
    assert not summarise(course, data, min_group=10).ready
    with pytest.raises(GroupError, match=f"never below {MIN_GROUP_FLOOR}"):
        summarise(course, data, min_group=2)
    with pytest.raises(ValueError):
        summarise(course, data, min_group=0)


def test_two_cohorts_are_kept_apart_and_listed(course, tmp_path):
    """Each cohort folder counts only its own files; list_cohorts lists valid names."""
    write_group(course, tmp_path / "ward-7", 5, seed=1)
    write_group(course, tmp_path / "ward-8", 2, seed=2)
    (tmp_path / "Not Valid").mkdir()
    (tmp_path / "stray.json").write_text("{}", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "ward-7")
    assert list_cohorts(tmp_path) == ["ward-7", "ward-8"]
    assert list_cohorts(tmp_path / "missing") == []
    assert read_folder(course, tmp_path / "ward-7").n == 5
    assert read_folder(course, tmp_path / "ward-8").n == 2


def test_missing_folder_is_a_clear_error(course, tmp_path):
    """A folder that does not exist raises GroupError (an LvmCourseError)."""
    with pytest.raises(GroupError, match="no such folder"):
        read_folder(course, tmp_path / "nope")


def test_snapshot_counts_new_changed_and_removed(course, tmp_path):
    """Between two readings: 3 new, 1 changed, 1 removed."""
    folder = tmp_path / "c"
    write_group(course, folder, 5)
    first = read_folder(course, folder).snapshot
    assert first.diff(None) == {"new": 5, "changed": 0, "removed": 0}
    write_group(course, folder, 3, seed=9, start=5)
    (folder / "p0000.json").unlink()
    path = folder / "p0001.json"
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    second = read_folder(course, folder).snapshot
    assert second.diff(first) == {"new": 3, "changed": 1, "removed": 1}
    assert Snapshot().diff(Snapshot()) == {"new": 0, "changed": 0, "removed": 0}


def test_file_vanishing_while_reading_is_not_an_error(course, tmp_path, monkeypatch):
    """A profile withdrawn mid-read is simply not counted."""
    from lvm_course import group

    folder = tmp_path / "c"
    write_group(course, folder, 5)
    real = group.read_bounded

    def vanish(path, limit):
        if str(path).endswith("p0002.json"):
            os.unlink(path)
        return real(path, limit)

    monkeypatch.setattr(group, "read_bounded", vanish)
    data = read_folder(course, folder)
    assert data.n == 4 and data.skipped == []


def test_progress_is_reported(course, tmp_path):
    """progress(done, total) ends with (total, total)."""
    write_group(course, tmp_path / "c", 7)
    calls = []
    read_folder(course, tmp_path / "c", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (7, 7)


def test_quiz_results_give_what_the_room_found_hardest(course, tmp_path):
    """Shared quiz files are ranked by share wrong; bad quiz files are skipped by name."""
    folder = tmp_path / "c"
    write_group(course, folder, 5)
    (folder / "quiz").mkdir()
    a, b = course.statements[0].id, course.statements[1].id
    for k in range(5):
        doc = {"kind": "lvm-course-quiz", "schema_version": 1, "activity": "quiz",
               "results": [{"id": a, "correct": k == 0}, {"id": b, "correct": True},
                           {"id": "st-unknown", "correct": False}]}
        (folder / "quiz" / f"q{k}.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "quiz" / "bad.json").write_text('{"kind": "lvm-course-quiz"}', encoding="utf-8")
    data = read_folder(course, folder)
    assert len(data.quiz) == 5 and [s.name for s in data.skipped] == ["quiz/bad.json"]
    summary = summarise(course, data)
    assert summary.hardest[0] == (a, 0.8, 5) and summary.hardest[1] == (b, 0.0, 5)
    assert all(i != "st-unknown" for i, _, _ in summary.hardest)
    fewer = summarise(course, data, min_group=6)
    assert fewer.hardest == () and not fewer.ready


def test_hardest_matches_the_quiz_rule(course):
    """Ties broken by number of answers then id, malformed entries ignored."""
    got = hardest([[{"id": "b", "correct": False}, {"id": "a", "correct": False}],
                   [{"id": "b", "correct": True}, {"id": "a", "correct": False}, "x",
                    {"id": "c", "correct": "no"}]])
    assert got == [("a", 1.0, 2), ("b", 0.5, 2)]


def test_report_refuses_below_threshold_and_writes_nothing(course, tmp_path):
    """write_report / write_csv / the figures raise TooFewError below k; no file appears."""
    from lvm_course import group_report as gr

    write_group(course, tmp_path / "c", 4)
    summary = summarise(course, read_folder(course, tmp_path / "c"))
    for call in (lambda: gr.write_report(course, summary, tmp_path / "r.pdf"),
                 lambda: gr.write_report(course, summary, tmp_path / "r.png"),
                 lambda: gr.write_csv(summary, tmp_path / "r.csv"),
                 lambda: gr.radar_figure(course, summary),
                 lambda: gr.balance_alt(course, summary)):
        with pytest.raises(TooFewError, match="1 more needed"):
            call()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_report_files_and_text_alternatives(course, tmp_path):
    """PNG/PDF pages, large fonts, and alt texts carrying the same medians."""
    from lvm_course import group_report as gr

    write_group(course, tmp_path / "c", 8, seed=4)
    summary = summarise(course, read_folder(course, tmp_path / "c"))
    assert gr.write_report(course, summary, tmp_path / "r.png").read_bytes()[:4] == b"\x89PNG"
    assert gr.write_report(course, summary, tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    with pytest.raises(LvmCourseError, match=".png or .pdf"):
        gr.write_report(course, summary, tmp_path / "r.svg")
    fig = gr.radar_figure(course, summary)
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
             if getattr(t, "get_text", lambda: "")()]
    assert sizes and min(sizes) >= gr.FONT
    alt = gr.radar_alt(course, summary)
    for d in summary.dimensions:
        assert f"{d.name} ({d.pole}) median {d.median:.1f}" in alt
    counts = gr.balance_alt(course, summary)
    assert f"Balance of {summary.n} profiles" in counts
