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


def test_codes_are_stored_as_keyed_hashes_only(room):
    """Neither ``codes/`` nor ``trainees/`` holds a code: they are worked out from the
    room's secret, which is only in room.json (0600)."""
    _key, trainee = room.join()
    stored = " ".join(p.name + p.read_text() for p in room.root.rglob("*.json")
                      if p.name != "room.json")
    assert trainee.resume_code not in stored
    (name,) = [p.stem for p in (room.root / "codes").iterdir()]
    assert len(name) == 64 and trainee.resume_code not in name
    again = Room(room.root)  # a restart works the same code out again
    assert again.trainee(trainee.id).resume_code == trainee.resume_code
    other_secret = tmp_room_with_other_secret(room)
    assert other_secret.resume(trainee.resume_code) is None


def tmp_room_with_other_secret(room: Room) -> Room:
    """The same folders read with another room's secret (room.json replaced)."""
    settings = json.loads((room.root / "room.json").read_text())
    settings["secret"] = "B" * 43
    (room.root / "room.json").write_text(json.dumps(settings))
    return Room(room.root)


def test_a_new_code_ends_the_old_one_and_signs_out_the_other_browsers(room):
    laptop, me = room.join()
    phone, _ = room.resume(me.resume_code)
    _, other = room.join()
    new = room.new_code(me.id, keep_key=laptop)
    assert new != me.resume_code and room.trainee(me.id).resume_code == new
    assert room.resume(me.resume_code) is None and room.resume(new)[1].id == me.id
    assert room.trainee_for_key(laptop).id == me.id and room.trainee_for_key(phone) is None
    assert room.resume(other.resume_code) is not None  # nobody else is touched
    with pytest.raises(ValueError):
        room.new_code("0" * 32)


def test_a_room_folder_with_clear_codes_is_moved_over(tmp_path):
    """Codes from before hashing: a new code each, the clear files deleted, keys kept."""
    room = Room(tmp_path / "r")
    key, me = room.join()
    info = json.loads((me.home / "trainee.json").read_text())
    (me.home / "trainee.json").write_text(json.dumps(
        {"resume_code": "ABCDEFGHJK", "joined": info["joined"]}))
    for p in (room.root / "codes").iterdir():
        p.unlink()
    (room.root / "codes" / "ABCDEFGHJK.json").write_text(json.dumps({"trainee": me.id}))
    moved = Room(tmp_path / "r")
    assert not (moved.root / "codes" / "ABCDEFGHJK.json").exists()
    assert "resume_code" not in (me.home / "trainee.json").read_text()
    assert moved.trainee_for_key(key).id == me.id
    now = moved.trainee(me.id).resume_code
    assert moved.resume(now)[1].id == me.id and moved.resume("ABCDEFGHJK") is None


def test_a_facilitator_session_is_not_the_key_and_ends(room, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from lvm_course.room import identity

    assert room.start_session("wrong") is None
    session = room.start_session(room.facilitator_token)
    assert session != room.facilitator_token and room.in_session(session)
    assert not room.in_session(room.facilitator_token)
    stored = " ".join(p.read_text() for p in (room.root / "sessions").iterdir())
    assert session not in stored

    later = datetime.now(UTC) + timedelta(hours=identity.SESSION_HOURS, minutes=1)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr(identity, "datetime", Later)
    assert not room.in_session(session)
    assert list((room.root / "sessions").iterdir()) == []  # an ended session is deleted


def test_the_room_folder_is_private(room):
    for path in [room.root, *(room.root / sub for sub in ("trainees", "keys", "codes",
                                                             "links", "sessions"))]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
