"""A trainee's profile: a small versioned JSON document, saved atomically.

The file holds ``kind``, ``schema_version``, ``created``, an optional ``label``,
``answers`` ({item id: 1-5}) and, for convenience, ``scores``. An item answered "not
applicable" is simply absent from ``answers`` (the page keeps that mark in its own
store), so every file stays 1-5 only and readable by every version. On load the scores are
**recomputed from the answers**; the stored ones are never trusted. The JSON Schema
is published as ``lvm_course/schemas/profile.schema.json`` (see :func:`json_schema`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from .errors import AnswerError, ProfileError
from .fileio import MAX_JSON_BYTES, atomic_write_json, read_bounded
from .scoring import Scores, score

if TYPE_CHECKING:
    from .content import Course

__all__ = [
    "KIND", "SCHEMA_VERSION", "Profile", "clean_label", "json_schema", "load_profile",
    "new_profile", "parse_profile", "profile_document", "save_profile",
]

KIND = "lvm-course-profile"
SCHEMA_VERSION = 1
MAX_LABEL = 60


class ProfileDocument(BaseModel):
    """The profile file, version 1 (the published JSON Schema is generated from this)."""

    model_config = ConfigDict(extra="forbid", title="lvm-course profile")

    kind: Literal["lvm-course-profile"] = Field(description="Marks the file as a profile.")
    schema_version: Literal[1]
    created: datetime = Field(description="When the profile was first saved (ISO 8601).")
    label: str | None = Field(default=None, max_length=MAX_LABEL,
                              description="Optional, typed by the trainee.")
    answers: dict[str, StrictInt] = Field(
        max_length=500,
        description="Questionnaire item id -> answer 1-5 (how often: 1 never, 5 always). "
                    "Items not answered, or answered 'not applicable', are absent.")
    scores: dict[str, Any] | None = Field(
        default=None, description="Convenience copy; recomputed from answers on load.")


@dataclass(frozen=True)
class Profile:
    """One person's answers and the scores computed from them."""

    answers: Mapping[str, int]
    scores: Scores
    created: datetime
    label: str | None = None


def clean_label(label: object) -> str | None:
    """A label safe to store and show: printable text, one line, at most 60 characters.

    Control and format characters are dropped (so no terminal or bidi tricks); HTML is
    *not* removed here: it is escaped wherever the label is shown.
    """
    if label is None:
        return None
    text = "".join(ch for ch in str(label) if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()[:MAX_LABEL]
    return text or None


def new_profile(course: Course, answers: Mapping[str, Any], label: object = None,
                created: datetime | None = None) -> Profile:
    """Build a profile from answers (validated), scoring them."""
    scores = score(course, answers)
    return Profile(dict(answers), scores, created or datetime.now(UTC), clean_label(label))


def profile_document(profile: Profile) -> dict[str, Any]:
    """The JSON-ready document for ``profile``."""
    return {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "created": profile.created.isoformat(timespec="seconds"),
        "label": profile.label,
        "answers": dict(profile.answers),
        "scores": profile.scores.summary(),
    }


def parse_profile(course: Course, data: object, where: str = "profile", *,
                  drop_unknown: bool = False) -> Profile:
    """Validate a parsed JSON document and rebuild the profile from its answers.

    With ``drop_unknown``, answers to items this course no longer asks (an earlier
    snapshot, a colleague's file from an older version) are left out instead of
    refused; everything else is checked as strictly as ever.

    Raises:
        ProfileError: with ``where`` and the first reason it cannot be used.
    """
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: not a profile (expected a JSON object)")
    if data.get("kind") != KIND:
        raise ProfileError(f"{where}: not an lvm-course profile (no \"kind\": \"{KIND}\")")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise ProfileError(f"{where}: made by a newer version of the course "
                           f"(schema_version {version}; this one reads {SCHEMA_VERSION}); "
                           "update the course to open it")
    if isinstance(version, bool):  # pydantic would take true for 1
        raise ProfileError(f"{where}: field 'schema_version': must be the number "
                           f"{SCHEMA_VERSION}, not {str(version).lower()}")
    try:
        doc = ProfileDocument.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"]) or "document"
        raise ProfileError(f"{where}: field '{loc}': {err['msg'].rstrip('.')}") from None
    answers = doc.answers
    if drop_unknown:
        answers = {k: v for k, v in answers.items() if course.has_item(k)}
    try:
        scores = score(course, answers)
    except AnswerError as exc:
        raise ProfileError(f"{where}: {exc}") from None
    created = doc.created if doc.created.tzinfo else doc.created.replace(tzinfo=UTC)
    return Profile(answers, scores, created, clean_label(doc.label))


def load_profile(course: Course, path: Path | str, limit: int = MAX_JSON_BYTES, *,
                 drop_unknown: bool = False) -> Profile:
    """Read and validate a profile file.

    Raises:
        ProfileError: the file is missing, unreadable, too large, not UTF-8 JSON, or
            not a valid profile; the message starts with the file name.
    """
    path = Path(path)
    try:
        raw = read_bounded(path, limit)
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ProfileError(f"{path}: is a folder, not a profile file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProfileError(f"{path}: cannot be read: {reason}") from None
    return parse_profile(course, decode_json(raw, str(path)), str(path),
                         drop_unknown=drop_unknown)


def decode_json(raw: bytes, where: str) -> object:
    """Parse UTF-8 JSON bytes, turning every failure into a one-line ProfileError."""
    if not raw.strip():
        raise ProfileError(f"{where}: the file is empty")
    try:
        # utf-8-sig: a byte-order mark (as some Windows editors write) is accepted
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{where}: not valid JSON (line {exc.lineno}, column "
                           f"{exc.colno}: {exc.msg})") from None
    except ValueError as exc:  # e.g. an integer longer than Python's 4300-digit limit
        raise ProfileError(f"{where}: not valid JSON ({str(exc)[:80]})") from None
    except RecursionError:
        raise ProfileError(f"{where}: nested too deeply to be a profile") from None


def save_profile(profile: Profile, path: Path | str) -> Path:
    """Write the profile atomically; return the path."""
    atomic_write_json(path, profile_document(profile))
    return Path(path)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the profile file (what ``schemas/profile.schema.json`` holds)."""
    schema = ProfileDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
