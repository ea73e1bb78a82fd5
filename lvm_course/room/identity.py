"""Who is who in a room: private trainee identities, resume codes, the facilitator key.

Everything the room writes lives under one room folder (mode 0700), so a facilitator
backs it up or deletes it in one step::

    <room>/room.json             the facilitator key and the room's secret (0600)
    <room>/trainees/<id>/        one trainee's home: answers, profile, exports
    <room>/trainees/<id>/trainee.json   when they joined, which resume code is theirs
    <room>/keys/<sha256>.json    a browser key (hashed) -> trainee id
    <room>/codes/<hmac>.json     a resume code (keyed hash) -> trainee id
    <room>/links/<sha256>.json   a feedback invitation link (hashed) -> trainee id
    <room>/sessions/<sha256>.json  a facilitator's signed-in browser (hashed), and when
                                 it ends
    <room>/group/room/           the anonymous copies trainees chose to share
    <room>/facilitator/          the facilitator's own exports (board reports)

Decisions:

- **A browser key, not a name.** A visitor's first page sets a cookie holding 256
  random bits (``secrets.token_urlsafe(32)``; HttpOnly, SameSite=Lax). The room keeps
  only its SHA-256, so the room folder alone cannot be used to pose as anyone.
- **Folders are not keys.** A trainee's folder is named by a separate random id; a
  key maps to it. A resume code entered on another device gets that device its own
  new key for the same trainee, so phone and laptop work side by side.
- **Resume codes** are 10 characters of Crockford's base32 (50 bits, shown as
  ``ABCDE-FGHJK``), typed case-insensitively, with O/I/L read as 0/1/1. A code is not
  stored anywhere: it is derived from the room's secret, the trainee's id and a
  counter (HMAC-SHA-256), and it is found again through a file named by another keyed
  hash of it. Whoever copies ``codes/`` or ``trainees/`` without ``room.json`` learns
  no code. With 300 trainees a guess succeeds with odds of about 1 in 3.7 trillion,
  and the server slows guessing further (:class:`~.throttle.Throttle`).
- **A new code ends the old one** (:meth:`Room.new_code`): the counter moves on, the
  old code's file goes, and every other browser that used a code of this trainee is
  signed out (its key is deleted), because whoever read the old code may have used it
  already. The browser that asked keeps its key.
- **The facilitator key is for the link only.** Opening the facilitator link starts a
  session (:meth:`Room.start_session`): the browser's cookie holds a new random value
  that ends after :data:`SESSION_HOURS`, never the key itself, so a cookie copied off
  the projector laptop is worth one day, and the key in the link is never stored in a
  browser.
- **Writes are atomic** (:func:`~..fileio.atomic_write_json`) and every record is
  small JSON read with the bounded reader; a damaged record is treated as unknown, so
  that visitor simply gets a fresh identity instead of an error page.
- **A room folder from before hashed codes** (``codes/<CODE>.json``, a ``resume_code``
  in ``trainee.json``) is moved over when the room starts: each trainee gets a new
  code and the clear ones are deleted; browsers keep their keys, so nobody notices
  but a trainee who wrote the old code down.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..fileio import atomic_write_json, read_bounded

__all__ = ["COHORT", "KEY_PATTERN", "SESSION_HOURS", "Room", "Trainee", "format_code",
           "normalise_code"]

#: The group name trainees share into inside a room (the room *is* the group).
COHORT = "room"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
#: how long a facilitator's browser stays signed in after opening the facilitator link
SESSION_HOURS = 12
_ID = re.compile(r"^[0-9a-f]{32}$")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LEN = 10
_CODE = re.compile(rf"^[{_CROCKFORD}]{{{_CODE_LEN}}}$")
_FOLDERS = ("trainees", "keys", "codes", "links", "sessions", "group", "facilitator")


@dataclass(frozen=True)
class Trainee:
    """One trainee in the room."""

    id: str
    home: Path
    resume_code: str
    joined: str


def format_code(code: str) -> str:
    """``ABCDEFGHJK`` -> ``ABCDE-FGHJK`` (easier to read out and to type)."""
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: object) -> str | None:
    """What a person typed as a resume code, as the canonical 10 characters, or ``None``."""
    raw = re.sub(r"[\s\-_.]", "", str(text or "")).upper()
    raw = raw.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return raw if _CODE.match(raw) else None


def key_hash(secret: str) -> str:
    """What the room keeps of a browser key or a link token (SHA-256, hex)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(read_bounded(path, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _private_folder(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder we do not own stays as it is
        os.chmod(path, 0o700)


class Room:
    """The room folder: creates and finds trainees, and holds the facilitator token."""

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser().resolve()
        _private_folder(self.root)
        for sub in _FOLDERS:
            _private_folder(self.root / sub)
        self._settings = self._load_settings()
        self._secret = base64.urlsafe_b64decode(self._settings["secret"] + "=")
        self._lock = threading.Lock()
        self._move_clear_codes()

    # --- the room itself -------------------------------------------------------------
    def _load_settings(self) -> dict[str, Any]:
        path = self.root / "room.json"
        data = _read(path) or {}
        token, secret = data.get("facilitator_token"), data.get("secret")
        changed = False
        if not (isinstance(token, str) and KEY_PATTERN.match(token)):
            data = {"facilitator_token": secrets.token_urlsafe(32),
                    "created": datetime.now(UTC).isoformat(timespec="seconds")}
            changed = True
        if not (isinstance(secret, str) and KEY_PATTERN.match(secret)) or changed:
            data["secret"] = secrets.token_urlsafe(32)
            changed = True
        if changed:
            atomic_write_json(path, data)
        os.chmod(path, 0o600)
        return data

    @property
    def facilitator_token(self) -> str:
        return self._settings["facilitator_token"]

    def is_facilitator(self, token: object) -> bool:
        """Constant-time check of the facilitator key (from the facilitator link)."""
        return isinstance(token, str) and hmac.compare_digest(
            token.encode("utf-8", "replace"), self.facilitator_token.encode("ascii"))

    def start_session(self, token: object) -> str | None:
        """A new facilitator session for whoever opened the link with the right key: the
        cookie value (256 random bits, kept hashed here), or ``None`` for a wrong key."""
        if not self.is_facilitator(token):
            return None
        session = secrets.token_urlsafe(32)
        ends = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
        atomic_write_json(self.root / "sessions" / f"{key_hash(session)}.json",
                          {"ends": ends.isoformat(timespec="seconds")})
        return session

    def in_session(self, session: object) -> bool:
        """Whether a facilitator cookie is a session that has not ended (an ended one is
        deleted)."""
        if not (isinstance(session, str) and KEY_PATTERN.match(session)):
            return False
        path = self.root / "sessions" / f"{key_hash(session)}.json"
        record = _read(path)
        try:
            ends = datetime.fromisoformat(str((record or {})["ends"]))
        except (KeyError, ValueError):
            return False
        if ends <= datetime.now(UTC):
            path.unlink(missing_ok=True)
            return False
        return True

    @property
    def group_dir(self) -> Path:
        """What ``LVM_COURSE_SHARED_DIR`` is in the room (the board reads ``COHORT`` in it)."""
        return self.root / "group"

    @property
    def facilitator_home(self) -> Path:
        return self.root / "facilitator"

    # --- resume codes ----------------------------------------------------------------
    def _mac(self, text: str) -> bytes:
        return hmac.new(self._secret, text.encode("utf-8"), hashlib.sha256).digest()

    def _code(self, tid: str, generation: int) -> str:
        """Trainee ``tid``'s resume code number ``generation`` (50 bits of an HMAC)."""
        n = int.from_bytes(self._mac(f"resume code:{tid}:{generation}")[:7], "big") >> 6
        return "".join(_CROCKFORD[(n >> (5 * i)) & 31] for i in reversed(range(_CODE_LEN)))

    def _code_file(self, code: str) -> Path:
        return self.root / "codes" / f"{self._mac(f'code file:{code}').hex()}.json"

    def _give_code(self, tid: str, generation: int) -> int:
        """Write the lookup file of ``tid``'s code number ``generation`` (moving on past a
        code another trainee has, about 1 in 10^8 with 3000 trainees); returns the
        generation used."""
        while True:
            path = self._code_file(self._code(tid, generation))
            other = _read(path)
            if other is None or other.get("trainee") == tid:
                atomic_write_json(path, {"trainee": tid})
                return generation
            generation += 1

    def _move_clear_codes(self) -> None:
        """A room folder from before hashed codes: new codes, the clear ones deleted."""
        clear = [p for p in (self.root / "codes").glob("*.json") if _CODE.match(p.stem)]
        for path in clear:
            link = _read(path) or {}
            tid = link.get("trainee")
            info = _read(self.root / "trainees" / tid / "trainee.json") \
                if isinstance(tid, str) and _ID.match(tid) else None
            if info is not None and "resume_code" in info:
                info.pop("resume_code")
                info["code"] = self._give_code(tid, 0)
                atomic_write_json(self.root / "trainees" / tid / "trainee.json", info)
            path.unlink(missing_ok=True)

    # --- trainees --------------------------------------------------------------------
    def join(self) -> tuple[str, Trainee]:
        """A new trainee: returns their browser key (for the cookie) and the trainee."""
        tid = secrets.token_hex(16)
        joined = datetime.now(UTC).isoformat(timespec="seconds")
        home = self.root / "trainees" / tid
        home.mkdir(parents=True)
        generation = self._give_code(tid, 0)
        atomic_write_json(home / "trainee.json", {"joined": joined, "code": generation})
        return self._new_key(tid), Trainee(tid, home, self._code(tid, generation), joined)

    def _new_key(self, tid: str) -> str:
        key = secrets.token_urlsafe(32)
        atomic_write_json(self.root / "keys" / f"{key_hash(key)}.json", {"trainee": tid})
        return key

    def trainee(self, tid: str) -> Trainee | None:
        """The trainee with folder id ``tid``, if the room knows them."""
        if not _ID.match(tid):
            return None
        home = self.root / "trainees" / tid
        info = _read(home / "trainee.json")
        generation = info.get("code") if info else None
        if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0:
            return None
        return Trainee(tid, home, self._code(tid, generation), str(info.get("joined", "")))

    def trainee_for_key(self, key: object) -> Trainee | None:
        """The trainee a browser key belongs to (``None`` for a malformed or unknown key)."""
        return self._trainee_by_secret("keys", key)

    def resume(self, typed_code: object) -> tuple[str, Trainee] | None:
        """A new browser key for the trainee whose resume code was typed, or ``None``."""
        code = normalise_code(typed_code)
        if code is None:
            return None
        link = _read(self._code_file(code))
        tid = link.get("trainee") if link else None
        found = self.trainee(tid) if isinstance(tid, str) else None
        if found is None or not hmac.compare_digest(found.resume_code, code):
            return None
        return self._new_key(found.id), found

    def new_code(self, tid: str, *, keep_key: str | None = None) -> str:
        """A new resume code for ``tid``; the old one stops working, and every browser of
        theirs but the one holding ``keep_key`` is signed out.

        Raises:
            ValueError: ``tid`` is not a trainee of this room.
        """
        with self._lock:
            found = self.trainee(tid)
            if found is None:
                raise ValueError("not a trainee of this room")
            info = _read(found.home / "trainee.json") or {}
            old = int(info["code"])
            info["code"] = self._give_code(tid, old + 1)
            atomic_write_json(found.home / "trainee.json", info)
            self._code_file(found.resume_code).unlink(missing_ok=True)
            kept = key_hash(keep_key) if isinstance(keep_key, str) else ""
            for path in (self.root / "keys").glob("*.json"):
                if path.stem != kept and (_read(path) or {}).get("trainee") == tid:
                    path.unlink(missing_ok=True)
        return self._code(tid, info["code"])

    # --- feedback invitation links (see lvm_course.room.rating) ----------------------
    def new_link_token(self, tid: str) -> str:
        """A new 256-bit token for a rater's link to trainee ``tid`` (kept hashed here;
        the trainee's own feedback store says which invitation it opens)."""
        if self.trainee(tid) is None:
            raise ValueError("not a trainee of this room")
        token = secrets.token_urlsafe(32)
        atomic_write_json(self.root / "links" / f"{key_hash(token)}.json", {"trainee": tid})
        return token

    def trainee_for_link(self, token: object) -> Trainee | None:
        """The trainee whose invitation link this is (``None`` if malformed or unknown)."""
        return self._trainee_by_secret("links", token)

    def _trainee_by_secret(self, folder: str, secret: object) -> Trainee | None:
        """The trainee that ``folder``/<sha256 of ``secret``>.json points at, or ``None``
        for a malformed secret, an unknown one, or a file that does not name a trainee."""
        if not (isinstance(secret, str) and KEY_PATTERN.match(secret)):
            return None
        link = _read(self.root / folder / f"{key_hash(secret)}.json")
        tid = link.get("trainee") if link else None
        return self.trainee(tid) if isinstance(tid, str) else None

    def trainees(self) -> list[Trainee]:
        """Everyone who has joined (for the facilitator's count)."""
        found = (self.trainee(p.name) for p in (self.root / "trainees").iterdir())
        return [t for t in found if t is not None]

    def trainee_count(self) -> int:
        """How many trainee folders the room holds (cheap: no record is read)."""
        return sum(1 for _ in os.scandir(self.root / "trainees"))
