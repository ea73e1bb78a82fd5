"""Sharing with the group: an anonymous copy of a profile (or quiz results) in the group folder.

Decisions:

- **Where.** ``<shared_dir()>/<cohort>/<token>.json`` for a profile and
  ``<shared_dir()>/<cohort>/quiz/<token>.json`` for quiz results. The cohort name is
  reduced to lower-case letters, digits, ``-`` and ``_`` (:func:`clean_cohort`), so no
  name a person types ("../../etc", "/etc", "a/b", "<script>") can leave the group
  folder or carry markup; a cohort folder that is a link out of the group folder is
  refused.
- **Anonymous.** The file name is a random token, not a name. The label is dropped
  unless the trainee ticked "include my label"; the creation time is cut to the day,
  so the copy cannot be matched to a person by the minute they saved. Profile and quiz
  copies get *different* tokens, so the two cannot be linked either.
- **Re-sharing replaces.** The tokens are remembered in the trainee's own home
  (``answers/share-tokens.json``, a :class:`~.store.Store` of its own so it never races
  the sharing widget's store), so sharing again overwrites the same file and
  :func:`unshare` removes it. The group folder holds no record of who is who.
- **A drop box on a shared machine.** When the group folder has the set-group-id bit
  (an admin made it ``3773``, owned by the facilitators' Unix group: README,
  *JupyterHub*), a copy is made readable by that group (``0640``) and a cohort folder
  a trainee creates gets the same ``3773`` (others may add files, not list them), so
  facilitators can read every copy and trainees none but their own. Elsewhere copies
  stay owner-only, as before.
- **Faults.** Writes are atomic (:func:`~.fileio.atomic_write_bytes`): the group sees
  the old copy or the new one, never half. A full disk or read-only folder becomes a
  :class:`ShareError` with a plain reason; the trainee's own files are never touched
  by a failed share.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LvmCourseError
from .fileio import atomic_write_bytes
from .paths import shared_dir
from .profile import clean_label, profile_document

if TYPE_CHECKING:
    from .profile import Profile

__all__ = [
    "MAX_COHORT", "QUIZ_KIND", "QUIZ_SCHEMA_VERSION", "ShareError", "clean_cohort",
    "cohort_folder", "share_profile", "share_quiz_results", "unshare",
]

MAX_COHORT = 40
QUIZ_KIND = "lvm-course-quiz"
QUIZ_SCHEMA_VERSION = 1
#: The most quiz answers one shared file may hold (a round is 12; many rounds fit).
MAX_QUIZ_RESULTS = 500

_TOKEN = re.compile(r"^[0-9a-f]{16,64}$")
_STORE_NAME = "share-tokens"


class ShareError(LvmCourseError):
    """Sharing failed; the message says why in words a trainee can act on."""


def clean_cohort(name: object) -> str:
    """A cohort name safe as one folder name: ``[a-z0-9_-]``, 1-40 characters.

    Accents are folded (``Équipe`` -> ``equipe``); every run of other characters
    becomes one ``-``; leading and trailing ``-``/``_`` are dropped (so the name is
    never taken for a command-line option).

    Raises:
        ShareError: nothing usable is left.
    """
    text = unicodedata.normalize("NFKD", str(name) if name is not None else "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9_-]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")[:MAX_COHORT].strip("-_")
    if not text:
        raise ShareError(f"the group name {str(name)[:60]!r} has no letters or digits; "
                         "use a name such as 'ward-7' or 'cohort_2026'")
    return text


def cohort_folder(cohort: object, folder: Path | str | None = None) -> Path:
    """``<group folder>/<clean cohort>``, refused if it is a link leading elsewhere."""
    base = Path(folder) if folder is not None else shared_dir()
    target = base / clean_cohort(cohort)
    if target.is_symlink() or (target.exists() and
                               not target.resolve().is_relative_to(base.resolve())):
        raise ShareError(f"the group folder {target} is a link out of {base}; "
                         "ask your facilitator to check the shared folder")
    return target


def _tokens() -> Any:
    from .store import Store

    return Store(_STORE_NAME)


def _token_for(key: str) -> str:
    """The remembered token for ``key`` (a new one is saved first if there is none)."""
    store = _tokens()
    token = store.get(key)
    if isinstance(token, str) and _TOKEN.match(token):
        return token
    token = secrets.token_hex(8)
    try:
        store.set(key, token)
    except OSError as exc:
        raise ShareError(f"could not note the share in your own folder: "
                         f"{_reason(exc)}") from None
    return token


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (no space left)"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the folder is read-only or you are not allowed to write there"
    return exc.strerror or str(exc)


DROPBOX_FOLDER_MODE = 0o3773
DROPBOX_FILE_MODE = 0o640


def _dropbox(base: Path) -> bool:
    """Whether the group folder is a drop box (set-group-id bit set by an admin)."""
    try:
        return bool(base.stat().st_mode & stat.S_ISGID)
    except OSError:
        return False


def _write(path: Path, doc: Mapping[str, Any], base: Path) -> Path:
    data = (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        if _dropbox(base):
            for folder in reversed([p for p in path.parents if p.is_relative_to(base)
                                    and p != base]):
                if not folder.exists():
                    folder.mkdir()
                    os.chmod(folder, DROPBOX_FOLDER_MODE)
            atomic_write_bytes(path, data)
            os.chmod(path, DROPBOX_FILE_MODE)
        else:
            atomic_write_bytes(path, data)
    except OSError as exc:
        raise ShareError(f"could not write to the group folder {path.parent}: "
                         f"{_reason(exc)}.") from None
    return path


def share_profile(profile: Profile, cohort: object, *, include_label: bool = False,
                  folder: Path | str | None = None) -> Path:
    """Write an anonymous copy of ``profile`` for ``cohort``; return its path.

    Sharing again (to the same cohort) replaces the same file.

    Raises:
        ShareError: bad cohort name, or the group folder cannot be written.
    """
    target = cohort_folder(cohort, folder)
    doc = profile_document(profile)
    doc["label"] = clean_label(profile.label) if include_label else None
    doc["created"] = profile.created.date().isoformat() + "T00:00:00+00:00"
    token = _token_for(f"profile:{target.name}")
    return _write(target / f"{token}.json", doc, target.parent)


def share_quiz_results(results: Iterable[Any], cohort: object, activity: str = "quiz", *,
                       folder: Path | str | None = None) -> Path:
    """Write which quiz statements were answered correctly (ids and booleans only).

    Raises:
        ShareError: no valid result, bad cohort name, or the folder cannot be written.
    """
    activity = clean_cohort(activity)
    clean = [{"id": r["id"], "correct": r["correct"]} for r in results
             if isinstance(r, Mapping) and isinstance(r.get("id"), str)
             and len(r["id"]) <= 80 and isinstance(r.get("correct"), bool)]
    if not clean:
        raise ShareError("there are no quiz answers to share yet")
    target = cohort_folder(cohort, folder)
    doc = {"kind": QUIZ_KIND, "schema_version": QUIZ_SCHEMA_VERSION, "activity": activity,
           "results": clean[:MAX_QUIZ_RESULTS]}
    token = _token_for(f"quiz:{target.name}:{activity}")
    return _write(target / "quiz" / f"{token}.json", doc, target.parent)


def unshare(cohort: object, *, folder: Path | str | None = None) -> bool:
    """Remove this trainee's copies (profile and quiz results) from ``cohort``.

    Returns:
        True if a file was removed, False if there was nothing shared there.

    Raises:
        ShareError: the file exists but cannot be removed.
    """
    target = cohort_folder(cohort, folder)
    store = _tokens()
    removed = False
    for key, token in store.as_dict().items():
        if not isinstance(key, str) or not isinstance(token, str) or not _TOKEN.match(token):
            continue
        if key == f"profile:{target.name}":
            path = target / f"{token}.json"
        elif key.startswith(f"quiz:{target.name}:"):
            path = target / "quiz" / f"{token}.json"
        else:
            continue
        try:
            path.unlink()
            removed = True
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ShareError(f"could not remove your shared copy {path.name}: "
                             f"{_reason(exc)}") from None
    return removed
