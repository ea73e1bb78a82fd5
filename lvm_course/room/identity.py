"""Who is who in a room: private trainee identities, resume codes, the facilitator key.

Everything the room writes lives under one room folder, so a facilitator backs it up
or deletes it in one step::

    <room>/room.json             the facilitator token and the room's settings (0600)
    <room>/trainees/<id>/        one trainee's home: answers, profile, exports
    <room>/trainees/<id>/trainee.json   their resume code and when they joined
    <room>/keys/<sha256>.json    a browser key (hashed) -> trainee id
    <room>/codes/<CODE>.json     a resume code -> trainee id
    <room>/links/<sha256>.json   a feedback invitation link (hashed) -> trainee id
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
  ``ABCDE-FGHJK``), typed case-insensitively, with O/I/L read as 0/1/1. With 300
  trainees a guess succeeds with odds of about 1 in 3.7 trillion, and the server
  slows guessing further (:class:`~.server.Throttle`).
- **Writes are atomic** (:func:`~..fileio.atomic_write_json`) and every record is
  small JSON read with the bounded reader; a damaged record is treated as unknown, so
  that visitor simply gets a fresh identity instead of an error page.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..fileio import atomic_write_json, read_bounded

__all__ = ["COHORT", "KEY_PATTERN", "Room", "Trainee", "format_code", "normalise_code"]

#: The group name trainees share into inside a room (the room *is* the group).
COHORT = "room"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")
_ID = re.compile(r"^[0-9a-f]{32}$")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LEN = 10
_CODE = re.compile(rf"^[{_CROCKFORD}]{{{_CODE_LEN}}}$")


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


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(read_bounded(path, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


class Room:
    """The room folder: creates and finds trainees, and holds the facilitator token."""

    def __init__(self, root: Path | str):
        self.root = Path(root).expanduser().resolve()
        for sub in ("trainees", "keys", "codes", "links", "group", "facilitator"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._settings = self._load_settings()

    # --- the room itself -------------------------------------------------------------
    def _load_settings(self) -> dict[str, Any]:
        path = self.root / "room.json"
        data = _read(path) or {}
        token = data.get("facilitator_token")
        if not (isinstance(token, str) and KEY_PATTERN.match(token)):
            data = {"facilitator_token": secrets.token_urlsafe(32),
                    "created": datetime.now(UTC).isoformat(timespec="seconds")}
            atomic_write_json(path, data)
            os.chmod(path, 0o600)
        return data

    @property
    def facilitator_token(self) -> str:
        return self._settings["facilitator_token"]

    def is_facilitator(self, token: object) -> bool:
        """Constant-time check of a facilitator token (from a link or a cookie)."""
        return isinstance(token, str) and hmac.compare_digest(
            token.encode("utf-8", "replace"), self.facilitator_token.encode("ascii"))

    @property
    def group_dir(self) -> Path:
        """What ``LVM_COURSE_SHARED_DIR`` is in the room (the board reads ``COHORT`` in it)."""
        return self.root / "group"

    @property
    def facilitator_home(self) -> Path:
        return self.root / "facilitator"

    # --- trainees --------------------------------------------------------------------
    def join(self) -> tuple[str, Trainee]:
        """A new trainee: returns their browser key (for the cookie) and the trainee."""
        tid = secrets.token_hex(16)
        while True:
            code = "".join(secrets.choice(_CROCKFORD) for _ in range(_CODE_LEN))
            code_path = self.root / "codes" / f"{code}.json"
            if not code_path.exists():
                break
        joined = datetime.now(UTC).isoformat(timespec="seconds")
        home = self.root / "trainees" / tid
        home.mkdir(parents=True)
        atomic_write_json(home / "trainee.json", {"resume_code": code, "joined": joined})
        atomic_write_json(code_path, {"trainee": tid})
        return self._new_key(tid), Trainee(tid, home, code, joined)

    def _new_key(self, tid: str) -> str:
        key = secrets.token_urlsafe(32)
        atomic_write_json(self.root / "keys" / f"{_sha(key)}.json", {"trainee": tid})
        return key

    def trainee(self, tid: str) -> Trainee | None:
        """The trainee with folder id ``tid``, if the room knows them."""
        if not _ID.match(tid):
            return None
        home = self.root / "trainees" / tid
        info = _read(home / "trainee.json")
        if info is None or not isinstance(info.get("resume_code"), str):
            return None
        return Trainee(tid, home, info["resume_code"], str(info.get("joined", "")))

    def trainee_for_key(self, key: object) -> Trainee | None:
        """The trainee a browser key belongs to (``None`` for a malformed or unknown key)."""
        return self._trainee_by_secret("keys", key)

    def resume(self, typed_code: object) -> tuple[str, Trainee] | None:
        """A new browser key for the trainee whose resume code was typed, or ``None``."""
        code = normalise_code(typed_code)
        if code is None:
            return None
        link = _read(self.root / "codes" / f"{code}.json")
        tid = link.get("trainee") if link else None
        found = self.trainee(tid) if isinstance(tid, str) else None
        if found is None or not hmac.compare_digest(found.resume_code, code):
            return None
        return self._new_key(found.id), found

    # --- feedback invitation links (see lvm_course.room.rating) ----------------------
    def new_link_token(self, tid: str) -> str:
        """A new 256-bit token for a rater's link to trainee ``tid`` (kept hashed here;
        the trainee's own feedback store says which invitation it opens)."""
        if self.trainee(tid) is None:
            raise ValueError("not a trainee of this room")
        token = secrets.token_urlsafe(32)
        atomic_write_json(self.root / "links" / f"{_sha(token)}.json", {"trainee": tid})
        return token

    def trainee_for_link(self, token: object) -> Trainee | None:
        """The trainee whose invitation link this is (``None`` if malformed or unknown)."""
        return self._trainee_by_secret("links", token)

    def _trainee_by_secret(self, folder: str, secret: object) -> Trainee | None:
        """The trainee that ``folder``/<sha256 of ``secret``>.json points at, or ``None``
        for a malformed secret, an unknown one, or a file that does not name a trainee."""
        if not (isinstance(secret, str) and KEY_PATTERN.match(secret)):
            return None
        link = _read(self.root / folder / f"{_sha(secret)}.json")
        tid = link.get("trainee") if link else None
        return self.trainee(tid) if isinstance(tid, str) else None

    def trainees(self) -> list[Trainee]:
        """Everyone who has joined (for the facilitator's count)."""
        found = (self.trainee(p.name) for p in (self.root / "trainees").iterdir())
        return [t for t in found if t is not None]
