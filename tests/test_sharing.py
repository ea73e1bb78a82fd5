"""Sharing with the group: safe cohort names, anonymous copies, replace/withdraw, faults."""

from __future__ import annotations

import errno
import json
import os
import random

import pytest

from lvm_course import fileio, sharing
from lvm_course.errors import LvmCourseError
from lvm_course.group import read_folder
from lvm_course.profile import load_profile, new_profile, save_profile
from lvm_course.sharing import ShareError, clean_cohort, share_profile, share_quiz_results, unshare


def a_profile(course, seed=1, label="Dr Ana Lopez"):
    rng = random.Random(seed)
    return new_profile(course, {i.id: rng.randint(1, 5) for i in course.items}, label=label)


@pytest.mark.parametrize(("raw", "clean"), [
    ("Ward 7", "ward-7"), ("../x", "x"), ("/etc", "etc"), ("a/b", "a-b"),
    ("<script>", "script"), ("../../etc", "etc"), ("Équipe_B", "equipe_b"),
    ("<img src=x onerror=alert(1)>", "img-src-x-onerror-alert-1"), ("--rm", "rm"),
    ("x" * 99, "x" * 40), ("a\x00b\nc", "a-b-c"),
])
def test_clean_cohort_keeps_safe_characters_only(raw, clean):
    """Cohort names become one folder name of [a-z0-9_-], 1-40 characters."""
    assert clean_cohort(raw) == clean


@pytest.mark.parametrize("raw", ["", "..", "/", "../..", "<>", "   ", None, "日本"])
def test_clean_cohort_refuses_names_with_nothing_left(raw):
    """A name with no letters or digits left is refused with an actionable message."""
    with pytest.raises(ShareError, match="letters or digits"):
        clean_cohort(raw)


@pytest.mark.parametrize("cohort", ["../../etc", "/etc", "a/b", "<script>", ".hidden"])
def test_shared_copy_always_lands_inside_the_group_folder(course, home, tmp_path, cohort):
    """Whatever the cohort name, the copy is written inside the group folder."""
    path = share_profile(a_profile(course), cohort)
    group = (tmp_path / "group").resolve()
    assert path.resolve().parent.parent == group
    assert path.parent.name == clean_cohort(cohort)


def test_shared_copy_is_anonymous_and_rescored(course, home):
    """No label unless asked, a random file name, time cut to the day, valid profile."""
    profile = a_profile(course)
    path = share_profile(profile, "ward-7")
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert "Ana" not in text and doc["label"] is None
    assert path.stem != "ward-7" and len(path.stem) >= 16
    assert doc["created"].endswith("T00:00:00+00:00")
    again = load_profile(course, path)
    assert again.answers == profile.answers
    assert again.scores.summary() == profile.scores.summary()


def test_label_only_when_the_trainee_agrees(course, home):
    """include_label keeps the (cleaned) label."""
    path = share_profile(a_profile(course, label="Sam\u202e <b>"), "ward-7", include_label=True)
    assert json.loads(path.read_text(encoding="utf-8"))["label"] == "Sam <b>"


def test_resharing_replaces_the_same_file_and_unshare_removes_it(course, home, tmp_path):
    """The token is remembered at home: one file per trainee per cohort."""
    first = share_profile(a_profile(course, 1), "ward-7")
    second = share_profile(a_profile(course, 2), "ward-7")
    assert first == second
    assert len(list((tmp_path / "group" / "ward-7").glob("*.json"))) == 1
    assert load_profile(course, second).answers == a_profile(course, 2).answers
    other = share_profile(a_profile(course, 1), "ward-8")
    assert other.parent.name == "ward-8" and other.exists()
    assert unshare("ward-7") is True
    assert not first.exists() and other.exists()
    assert unshare("ward-7") is False
    assert unshare("never-shared") is False


def test_two_trainees_get_two_files(course, tmp_path, monkeypatch):
    """Different homes (trainees) sharing to one group folder never collide."""
    monkeypatch.setenv("LVM_COURSE_SHARED_DIR", str(tmp_path / "group"))
    paths = []
    for k in range(3):
        monkeypatch.setenv("LVM_COURSE_HOME", str(tmp_path / f"home{k}"))
        paths.append(share_profile(a_profile(course, k), "ward-7"))
    assert len(set(paths)) == 3
    assert read_folder(course, tmp_path / "group" / "ward-7").n == 3


def test_disk_full_gives_a_clear_message_and_keeps_own_copy(course, home, monkeypatch):
    """ENOSPC while writing the shared copy -> ShareError; the trainee's file is intact."""
    profile = a_profile(course)
    own = save_profile(profile, home / "profile.json")
    before = own.read_bytes()
    real_write = fileio.atomic_write_bytes

    def full(path, data):
        if "group" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(sharing, "atomic_write_bytes", full)
    with pytest.raises(ShareError, match="disk is full") as info:
        share_profile(profile, "ward-7")
    assert isinstance(info.value, LvmCourseError)
    assert own.read_bytes() == before


def test_read_only_folder_gives_a_clear_message(course, home, monkeypatch):
    """EROFS (a read-only group folder) -> ShareError naming the folder."""
    def readonly(path, data):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(sharing, "atomic_write_bytes", readonly)
    with pytest.raises(ShareError, match="read-only") as info:
        share_profile(a_profile(course), "ward-7")
    assert "ward-7" in str(info.value)


def test_cohort_folder_that_links_elsewhere_is_refused(course, home, tmp_path):
    """A cohort folder replaced by a symlink out of the group folder is not written into."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "group").mkdir()
    (tmp_path / "group" / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ShareError, match="link"):
        share_profile(a_profile(course), "evil")
    assert list(outside.iterdir()) == []


def test_tampered_token_is_replaced(course, home, tmp_path):
    """A token file edited to a path is ignored: a fresh random token is used."""
    (home / "answers").mkdir(parents=True)
    (home / "answers" / "share-tokens.json").write_text(
        json.dumps({"profile:ward-7": "../../../tmp/pwned"}), encoding="utf-8")
    path = share_profile(a_profile(course), "ward-7")
    assert path.parent == tmp_path / "group" / "ward-7"
    assert "pwned" not in path.name


def test_quiz_results_hold_ids_and_booleans_only(course, home, tmp_path):
    """Shared quiz results drop choices and any free text."""
    ids = [s.id for s in course.statements[:3]]
    results = [{"id": ids[0], "choice": "both", "correct": False, "note": "my name"},
               {"id": ids[1], "choice": "leadership", "correct": True},
               {"id": 5, "correct": True}, "junk", {"id": ids[2], "correct": "yes"}]
    path = share_quiz_results(results, "ward-7")
    assert path.parent == tmp_path / "group" / "ward-7" / "quiz"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == {"kind": "lvm-course-quiz", "schema_version": 1, "activity": "quiz",
                   "results": [{"id": ids[0], "correct": False},
                               {"id": ids[1], "correct": True}]}
    assert share_quiz_results(results[:1], "ward-7") == path   # replaced, not added
    profile_path = share_profile(a_profile(course), "ward-7")
    assert profile_path.stem != path.stem                        # not linkable
    assert unshare("ward-7") is True
    assert not path.exists() and not profile_path.exists()


def test_quiz_with_nothing_valid_is_refused(course, home):
    """No valid result -> ShareError, nothing written."""
    with pytest.raises(ShareError, match="no quiz answers"):
        share_quiz_results([{"id": "x"}, None], "ward-7")


def test_a_drop_box_group_folder_gets_copies_only_its_group_can_read(course, home, tmp_path):
    """An admin's set-group-id folder (3773): each copy 0640, each new cohort and quiz
    folder 3773 (others add files, cannot list); a plain folder keeps copies 0600."""
    import stat

    box = tmp_path / "box"
    box.mkdir()
    os.chmod(box, 0o3773)
    path = share_profile(new_profile(course, {i.id: 3 for i in course.items}), "ward7", folder=box)
    quiz = share_quiz_results([{"id": "s1", "correct": True}], "ward7", folder=box)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(quiz.stat().st_mode) == 0o640
    assert stat.S_IMODE((box / "ward7").stat().st_mode) == 0o3773
    assert stat.S_IMODE((box / "ward7" / "quiz").stat().st_mode) == 0o3773
    plain = share_profile(new_profile(course, {i.id: 3 for i in course.items}), "ward7",
                          folder=tmp_path / "plain")
    assert stat.S_IMODE(plain.stat().st_mode) == 0o600
