"""The room folder: trainee identities, browser keys, resume codes, the facilitator token."""

from __future__ import annotations

import json
import stat

import pytest

from lvm_course.room.identity import (
    KEY_PATTERN,
    Room,
    format_code,
    normalise_code,
)


def test_join_gives_a_long_random_key_a_folder_and_a_resume_code(room):
    """A new trainee: a 256-bit key (only its hash is stored), a folder, a code."""
    key, trainee = room.join()
    assert KEY_PATTERN.match(key) and len(key) == 43  # 32 random bytes, base64url
    assert trainee.home.is_dir() and trainee.home.parent == room.root / "trainees"
    assert len(trainee.resume_code) == 10
    stored = " ".join(p.read_text() for p in room.root.rglob("*.json"))
    assert key not in stored  # the room folder alone cannot be used to pose as anyone
    assert room.trainee_for_key(key) == trainee


def test_every_trainee_is_someone_else(room):
    joined = [room.join() for _ in range(50)]
    assert len({t.id for _, t in joined}) == 50
    assert len({t.resume_code for _, t in joined}) == 50
    assert len({k for k, _ in joined}) == 50
    assert {t.id for t in room.trainees()} == {t.id for _, t in joined}


@pytest.mark.parametrize("bad", [None, "", "short", "x" * 43 + "!", "../" * 15, 12345,
                                 "A" * 44, "A" * 43])
def test_unknown_or_malformed_keys_find_nobody(room, bad):
    room.join()
    assert room.trainee_for_key(bad) is None


def test_resume_code_gives_this_device_its_own_key_for_the_same_trainee(room):
    key, trainee = room.join()
    found = room.resume(format_code(trainee.resume_code).lower())
    assert found is not None
    new_key, same = found
    assert same.id == trainee.id and new_key != key
    assert room.trainee_for_key(new_key).home == trainee.home
    assert room.trainee_for_key(key).home == trainee.home  # the first device still works


def test_resume_codes_are_typed_forgivingly(room):
    """Case, spaces, dashes, and O/I/L typed for 0/1/1 are all accepted."""
    assert normalise_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert normalise_code("O1IL0-23456") == "01110" + "23456"
    for bad in ("", "ABCD", "ABCDEFGHJKX", "ABCDE-FGHJU", None, "<script>"):
        assert normalise_code(bad) is None


def test_a_wrong_or_foreign_code_resumes_nobody(room):
    _, trainee = room.join()
    code = trainee.resume_code
    wrong = ("0" if code[0] != "0" else "1") + code[1:]
    assert room.resume(wrong) is None
    assert room.resume("../../room") is None
    # a code file that points at a missing trainee is refused too
    (room.root / "codes" / "ZZZZZZZZZZ.json").write_text(json.dumps({"trainee": "0" * 32}))
    assert room.resume("ZZZZZZZZZZ") is None


def test_damaged_records_are_treated_as_unknown_not_as_errors(room):
    key, trainee = room.join()
    for path in (room.root / "keys").glob("*.json"):
        path.write_text("{not json")
    assert room.trainee_for_key(key) is None
    (trainee.home / "trainee.json").write_text("[]")
    assert room.trainee(trainee.id) is None


def test_the_facilitator_token_survives_a_restart_and_is_private(tmp_path):
    first = Room(tmp_path / "r")
    token = first.facilitator_token
    assert KEY_PATTERN.match(token)
    again = Room(tmp_path / "r")  # a server restart reads the same folder
    assert again.facilitator_token == token
    assert again.is_facilitator(token)
    for bad in (None, "", token[:-1], token + "x", token.upper(), 42):
        assert not again.is_facilitator(bad)
    mode = stat.S_IMODE((tmp_path / "r" / "room.json").stat().st_mode)
    assert mode == 0o600


def test_a_damaged_settings_file_gets_a_new_token(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "room.json").write_text("garbage")
    room = Room(tmp_path / "r")
    assert KEY_PATTERN.match(room.facilitator_token)


def test_everything_the_room_writes_is_under_its_folder(tmp_path):
    room = Room(tmp_path / "r")
    room.join()
    outside = [p for p in tmp_path.rglob("*") if not str(p).startswith(str(room.root))]
    assert outside == []
    assert room.group_dir == room.root / "group"
    assert room.facilitator_home.parent == room.root
