"""lvm_course.profile: round trip, recomputed scores, atomic saves, every bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from lvm_course.errors import ProfileError
from lvm_course.profile import (
    SCHEMA_VERSION,
    clean_label,
    json_schema,
    load_profile,
    new_profile,
    profile_document,
    save_profile,
)

from .conftest import REPO, all_answers


def test_round_trip(course, tmp_path):
    """Saved then loaded: same answers, label, created time and scores."""
    answers = {i.id: (n % 5) + 1 for n, i in enumerate(course.items)}
    created = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    p = new_profile(course, answers, label="Ward 7 lead", created=created)
    path = save_profile(p, tmp_path / "me.json")
    back = load_profile(course, path)
    assert back.answers == answers and back.label == "Ward 7 lead"
    assert back.created == created and back.scores == p.scores
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION and doc["kind"] == "lvm-course-profile"
    assert doc["scores"]["leadership"] == round(p.scores.leadership, 4)


def test_tampered_scores_are_ignored(course, tmp_path):
    """Scores in the file are recomputed from the answers, never trusted."""
    p = new_profile(course, all_answers(course, 3))
    doc = profile_document(p)
    doc["scores"] = {k: 5.0 for k in doc["scores"]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_profile(course, path).scores.leadership == 3


def _write(tmp_path, doc, name="p.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(schema_version=99), "newer version"),
    (lambda d: d.update(schema_version="1"), "schema_version"),
    (lambda d: d.pop("kind"), "not an lvm-course profile"),
    (lambda d: d.pop("answers"), "answers"),
    (lambda d: d["answers"].update({"q-bogus": 3}), "unknown questionnaire item 'q-bogus'"),
    (lambda d: d["answers"].update({next(iter(d["answers"])): 9}), "outside 1-5"),
    (lambda d: d["answers"].update({next(iter(d["answers"])): "4"}), "valid integer"),
    (lambda d: d.update(created="yesterday"), "created"),
    (lambda d: d.update(extra=1), "extra"),
])
def test_bad_profiles_give_one_clear_line(course, tmp_path, change, words):
    doc = profile_document(new_profile(course, all_answers(course)))
    change(doc)
    path = _write(tmp_path, doc)
    with pytest.raises(ProfileError, match=words) as info:
        load_profile(course, path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("raw, words", [
    ("", "empty"), ("{\"kind\": ", "not valid JSON"), ("[1, 2]", "expected a JSON object"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_unreadable_content(course, tmp_path, raw, words):
    with pytest.raises(ProfileError, match=words):
        load_profile(course, _write(tmp_path, raw))


def test_non_utf8_large_missing_and_folder(course, tmp_path):
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile(course, tmp_path / "bin.json")
    (tmp_path / "big.json").write_bytes(b" " * (2 * 1024 * 1024))
    with pytest.raises(ProfileError, match="too large"):
        load_profile(course, tmp_path / "big.json")
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(course, tmp_path / "none.json")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(ProfileError, match="folder"):
        load_profile(course, tmp_path / "dir.json")


def test_save_is_atomic_and_leaves_no_temp_files(course, tmp_path):
    """After many saves there is one file and no stray temporary file."""
    path = tmp_path / "sub" / "me.json"
    for n in range(20):
        save_profile(new_profile(course, {course.items[0].id: (n % 5) + 1}), path)
    assert [p.name for p in path.parent.iterdir()] == ["me.json"]


def test_labels_are_cleaned_not_mangled():
    """Control characters go, HTML stays (it is escaped where shown), length capped."""
    assert clean_label("  Ana\u202e\x00 \n Lee ") == "Ana Lee"
    assert clean_label("<b>x</b>") == "<b>x</b>"
    assert len(clean_label("x" * 500)) == 60
    assert clean_label("   ") is None and clean_label(None) is None


def test_published_schema_matches_the_model():
    """schemas/profile.schema.json is the generated schema (regenerate when it changes)."""
    published = json.loads((REPO / "lvm_course" / "schemas" / "profile.schema.json")
                           .read_text(encoding="utf-8"))
    assert published == json_schema()
    assert published["properties"]["schema_version"]["const"] == SCHEMA_VERSION
