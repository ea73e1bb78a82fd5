"""Aggregate a cohort's shared profiles: read a folder, re-score, summarise. No Jupyter here.

Decisions (figures in ``bench/bench_aggregate.py``):

- **Never trust a file.** Each ``*.json`` is read with a size limit
  (:func:`~.fileio.read_bounded`, > 1 MiB refused unread); links, folders, non-UTF-8,
  malformed JSON, other kinds, newer schema versions and bad answers each become a
  :class:`Skipped` entry with the file name and one-line reason, never an exception.
  Stored scores are ignored: every profile is **re-scored from its answers**.
- **Fast.** Validating each file with pydantic (what :func:`~.profile.load_profile`
  does) and scoring it one at a time costs far more than reading it. Here a file goes
  through a plain-Python check that accepts a strict *subset* of what
  :func:`~.profile.parse_profile` accepts, and its answers become one row of an
  answer matrix; all rows are then scored at once with numpy
  (:func:`~.scoring.score_many`). Anything the fast check does not accept is handed to
  :func:`~.profile.parse_profile`, so the verdict and the message are exactly the
  ones ``lvm-course score`` gives.
- **Complete profiles only.** A profile with a dimension left incomplete is skipped
  (the sharing widget asks for complete ones), so every number rests on all ``n``.
- **Anonymity by construction.** :func:`summarise` returns no per-dimension numbers
  at all when fewer than ``min_group`` profiles are readable (default 5, never below
  3); it says how many more are needed instead.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LvmCourseError, ProfileError
from .fileio import MAX_JSON_BYTES, read_bounded
from .profile import KIND, MAX_LABEL, SCHEMA_VERSION, decode_json, parse_profile

if TYPE_CHECKING:
    import numpy as np

    from .content import Course

__all__ = [
    "MIN_GROUP", "MIN_GROUP_FLOOR", "DimensionSummary", "GroupData", "GroupError",
    "GroupSummary", "Skipped", "Snapshot", "TooFewError", "check_min_group",
    "hardest", "list_cohorts", "read_folder", "summarise",
]

MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
QUIZ_KIND = "lvm-course-quiz"

_FIELDS = frozenset({"kind", "schema_version", "created", "label", "answers", "scores"})
_CREATED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$")


class GroupError(LvmCourseError, ValueError):
    """The group cannot be summarised as asked (bad threshold, missing folder)."""


class TooFewError(GroupError):
    """Fewer profiles than the anonymity threshold: nothing may be shown or exported."""

    def __init__(self, n: int, min_group: int):
        self.n, self.min_group, self.needed = n, min_group, max(0, min_group - n)
        super().__init__(f"{n} profile(s) shared; {self.needed} more needed before "
                         f"anything is shown (the minimum group is {min_group})")


@dataclass(frozen=True)
class Skipped:
    """A file left out, with why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class Snapshot:
    """What a folder held at one reading: file name -> (mtime_ns, size)."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    def diff(self, earlier: Snapshot | None) -> dict[str, int]:
        """``{"new", "changed", "removed"}`` counts since ``earlier``."""
        old = earlier.files if earlier is not None else {}
        new = sum(1 for k in self.files if k not in old)
        changed = sum(1 for k, v in self.files.items() if k in old and old[k] != v)
        removed = sum(1 for k in old if k not in self.files)
        return {"new": new, "changed": changed, "removed": removed}


@dataclass
class GroupData:
    """What :func:`read_folder` found: an answer matrix (one row per profile) and skips."""

    folder: Path
    names: list[str]
    matrix: np.ndarray
    skipped: list[Skipped]
    quiz: list[list[dict[str, Any]]]
    snapshot: Snapshot

    @property
    def n(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class DimensionSummary:
    """One dimension across the group (only built at or above the threshold)."""

    id: str
    name: str
    short: str
    pole: str
    q1: float
    median: float
    q3: float
    values: tuple[float, ...]


@dataclass(frozen=True)
class GroupSummary:
    """The group's figures; empty of numbers unless ``ready``."""

    cohort: str
    n: int
    min_group: int
    ready: bool
    needed: int
    dimensions: tuple[DimensionSummary, ...]
    leadership: tuple[float, ...]
    management: tuple[float, ...]
    balance: tuple[float, ...]
    skipped: tuple[Skipped, ...]
    quiz_n: int
    hardest: tuple[tuple[str, float, int], ...]
    made: datetime

    def require_ready(self) -> None:
        """Raise :class:`TooFewError` unless the group is large enough."""
        if not self.ready:
            raise TooFewError(self.n, self.min_group)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready summary (no per-person numbers)."""
        out: dict[str, Any] = {"cohort": self.cohort, "n": self.n,
                               "min_group": self.min_group, "ready": self.ready,
                               "needed": self.needed, "skipped": len(self.skipped)}
        if self.ready:
            out["dimensions"] = {d.id: {"q1": round(d.q1, 3), "median": round(d.median, 3),
                                        "q3": round(d.q3, 3)} for d in self.dimensions}
            for name in ("leadership", "management", "balance"):
                out[name] = _quartiles(getattr(self, name))
            out["quiz_shared"] = self.quiz_n
            out["hardest"] = [{"id": i, "wrong_share": round(s, 3), "answers": a}
                              for i, s, a in self.hardest[:5]]
        return out


def safe_name(name: str) -> str:
    """A file name fit to print: no control characters, undecodable bytes shown as escapes."""
    if name.isascii() and name.isprintable():
        return name[:120]
    text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in text)[:120]


def check_min_group(min_group: int) -> int:
    """``min_group`` if allowed; else :class:`GroupError` naming the floor."""
    if isinstance(min_group, bool) or not isinstance(min_group, int) or \
            min_group < MIN_GROUP_FLOOR:
        raise GroupError(f"the minimum group size is never below {MIN_GROUP_FLOOR} "
                         f"(got {min_group!r}): smaller groups would identify people")
    return min_group


def list_cohorts(folder: Path | str) -> list[str]:
    """The cohort folders in the group folder (valid names only, links skipped), sorted."""
    from .sharing import ShareError, clean_cohort

    base = Path(folder)
    found = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return []
    for entry in entries:
        try:
            if entry.is_symlink() or not entry.is_dir() or clean_cohort(entry.name) != entry.name:
                continue
        except (OSError, ShareError):
            continue
        found.append(entry.name)
    return sorted(found)


class _Reader:
    """The per-file checks, with the course's lookups made once."""

    def __init__(self, course: Course):
        self.course = course
        self.columns = {item.id: k for k, item in enumerate(course.items)}
        self.item_ids = [item.id for item in course.items]
        self.item_set = frozenset(self.item_ids)
        self.n_items = len(course.items)
        self.min_answered = [(d.id, [self.columns[i.id] for i in course.items_of(d.id)])
                             for d in course.dimensions]

    def row(self, doc: Any, name: str) -> list[int]:
        """The answer row of a profile document; ProfileError if it is not usable."""
        row = self._fast(doc)
        if row is not None and len(doc["answers"]) == self.n_items:
            return row  # every item answered: complete by construction
        if row is None:
            profile = parse_profile(self.course, doc, name)  # the exact verdict + message
            row = [0] * self.n_items
            for item_id, value in profile.answers.items():
                row[self.columns[item_id]] = value
        for dim_id, cols in self.min_answered:
            answered = sum(1 for c in cols if row[c])
            if 2 * answered < len(cols):
                raise ProfileError(f"{name}: incomplete: {answered} of {len(cols)} "
                                   f"'{dim_id}' items answered (at least half are needed)")
        return row

    def _fast(self, doc: Any) -> list[int] | None:
        """The row if ``doc`` is plainly valid, else None (then pydantic decides)."""
        if type(doc) is not dict or doc.get("kind") != KIND or not _FIELDS.issuperset(doc):
            return None
        version, created = doc.get("schema_version"), doc.get("created")
        label, answers, scores = doc.get("label"), doc.get("answers"), doc.get("scores")
        if type(version) is not int or version != SCHEMA_VERSION or type(created) is not str \
                or not _CREATED.match(created) or type(answers) is not dict \
                or len(answers) > 500 or (scores is not None and type(scores) is not dict) \
                or (label is not None and (type(label) is not str or len(label) > MAX_LABEL)):
            return None
        try:
            datetime.fromisoformat(created)
        except ValueError:
            return None
        if answers.keys() == self.item_set:  # the usual case, checked at C speed
            values = list(answers.values())
            if set(map(type, values)) != {int} or min(values) < 1 or max(values) > 5:
                return None
            return list(map(answers.__getitem__, self.item_ids))
        row = [0] * self.n_items
        columns = self.columns
        for item_id, value in answers.items():
            col = columns.get(item_id)
            if col is None or type(value) is not int or not 1 <= value <= 5:
                return None
            row[col] = value
        return row


def _reason(exc: BaseException, name: str) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text.removeprefix(f"{name}: ")


def _decode(raw: bytes, name: str) -> Any:
    """The profile loader's own decoder, so both give the same verdict and message."""
    return decode_json(raw, name)


def _read_entry(entry: os.DirEntry[str], base: Path, limit: int) -> tuple[bytes, int, int]:
    """Bytes, mtime_ns and size of a plain file in the folder; ValueError/OSError if not."""
    if entry.is_symlink():
        try:
            inside = Path(entry.path).resolve().parent == base
        except (OSError, RuntimeError):
            inside = False
        raise ValueError("a link to another file (only plain files are read)" if inside
                         else "a link pointing outside the group folder (not followed)")
    if entry.is_dir(follow_symlinks=False):
        raise ValueError("is a folder, not a profile file")
    st = entry.stat(follow_symlinks=False)
    if st.st_size > limit:
        raise ValueError(f"too large ({st.st_size:,} bytes; the limit is {limit:,}); not read")
    # read_bounded reads up to limit+1 bytes at once, and a 1 MiB buffer per file costs
    # more than the file; ask for what stat saw (plus slack), and only if the file was
    # replaced by a larger one in between, read again with the real limit.
    tight = min(limit, st.st_size + 4096)
    try:
        raw = read_bounded(entry.path, tight)
    except ValueError:
        if tight == limit:
            raise
        raw = read_bounded(entry.path, limit)
    return raw, st.st_mtime_ns, st.st_size


def _quiz_results(doc: Any) -> list[dict[str, Any]]:
    if type(doc) is not dict or doc.get("kind") != QUIZ_KIND:
        raise ValueError("not shared quiz results")
    if doc.get("schema_version") != 1 or type(doc.get("schema_version")) is not int:
        raise ValueError(f"unsupported schema_version {doc.get('schema_version')!r:.20}")
    results = doc.get("results")
    if type(results) is not list or not results:
        raise ValueError("no results list")
    good = [{"id": r["id"], "correct": r["correct"]} for r in results
            if type(r) is dict and type(r.get("id")) is str and type(r.get("correct")) is bool]
    if not good:
        raise ValueError("no valid results (each needs an id and correct true/false)")
    return good


def read_folder(course: Course, folder: Path | str, *,
                progress: Callable[[int, int], None] | None = None,
                limit: int = MAX_JSON_BYTES) -> GroupData:
    """Read every ``*.json`` profile in a cohort folder, and ``quiz/*.json`` results.

    ``progress(done, total)`` is called every 500 files and at the end.

    Raises:
        GroupError: the folder does not exist or cannot be listed (files never raise).
    """
    import numpy as np

    base = Path(folder)
    try:
        entries = sorted((e for e in os.scandir(base) if e.name.endswith(".json")
                          and not e.name.startswith(".")), key=lambda e: e.name)
    except FileNotFoundError:
        raise GroupError(f"{base}: no such folder (nobody has shared yet?)") from None
    except NotADirectoryError:
        raise GroupError(f"{base}: not a folder") from None
    except OSError as exc:
        raise GroupError(f"{base}: cannot be read: {exc.strerror or exc}") from None
    try:
        real = base.resolve()
    except OSError:
        real = base
    reader = _Reader(course)
    names: list[str] = []
    rows: list[list[int]] = []
    skipped: list[Skipped] = []
    seen: dict[str, tuple[int, int]] = {}
    total = len(entries)
    for k, entry in enumerate(entries, 1):
        name = safe_name(entry.name)
        try:
            raw, mtime, size = _read_entry(entry, real, limit)
            seen[entry.name] = (mtime, size)
            rows.append(reader.row(_decode(raw, name), name))
            names.append(entry.name)
        except FileNotFoundError:
            pass  # removed (withdrawn) while we read: the next refresh agrees
        except (OSError, ValueError, LvmCourseError, RecursionError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                _reason(exc, name)
            skipped.append(Skipped(name, reason))
        if progress is not None and (k % 500 == 0 or k == total):
            progress(k, total)
    quiz, quiz_skipped = _read_quiz(base / "quiz", limit)
    matrix = np.array(rows, dtype=np.int8).reshape(len(rows), reader.n_items)
    return GroupData(base, names, matrix, skipped + quiz_skipped, quiz, Snapshot(seen))


def _read_quiz(folder: Path, limit: int) -> tuple[list[list[dict[str, Any]]], list[Skipped]]:
    try:
        entries = sorted((e for e in os.scandir(folder) if e.name.endswith(".json")
                          and not e.name.startswith(".")), key=lambda e: e.name)
        real = folder.resolve()
    except OSError:
        return [], []
    out, skipped = [], []
    for entry in entries:
        name = "quiz/" + safe_name(entry.name)
        try:
            raw, _, _ = _read_entry(entry, real, limit)
            out.append(_quiz_results(_decode(raw, name)))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, LvmCourseError, RecursionError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                _reason(exc, name)
            skipped.append(Skipped(name, reason))
    return out, skipped


def hardest(results_lists: Iterable[Iterable[Any]], known: set[str] | None = None
            ) -> list[tuple[str, float, int]]:
    """``(statement id, share wrong, answers)``, hardest first (as the quiz's own
    ``hardest``, without importing widgets); ids not in ``known`` are dropped."""
    asked: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for results in results_lists:
        for r in results:
            if isinstance(r, dict) and isinstance(r.get("id"), str) and \
                    isinstance(r.get("correct"), bool) and (known is None or r["id"] in known):
                asked[r["id"]] += 1
                wrong[r["id"]] += not r["correct"]
    shares = [(i, wrong[i] / asked[i], asked[i]) for i in asked]
    return sorted(shares, key=lambda t: (-t[1], -t[2], t[0]))


def _quartiles(values: Iterable[float]) -> dict[str, float]:
    import numpy as np

    q1, med, q3 = np.percentile(np.asarray(list(values), dtype=float), [25, 50, 75])
    return {"q1": round(float(q1), 3), "median": round(float(med), 3), "q3": round(float(q3), 3)}


def summarise(course: Course, data: GroupData, *, min_group: int = MIN_GROUP) -> GroupSummary:
    """Score the group at once and summarise it; numbers only at or above ``min_group``.

    Raises:
        GroupError: ``min_group`` is below :data:`MIN_GROUP_FLOOR`.
    """
    import numpy as np

    from .scoring import score_many

    check_min_group(min_group)
    n = data.n
    ready = n >= min_group
    quiz_ready = len(data.quiz) >= min_group
    made = datetime.now(UTC)
    cohort = data.folder.name
    if not ready:
        return GroupSummary(cohort, n, min_group, False, min_group - n, (), (), (), (),
                            tuple(data.skipped), len(data.quiz), (), made)
    table = score_many(course, data.matrix)
    dims = []
    for dim in course.dimensions:
        values = table.dimensions[dim.id]
        q1, med, q3 = (float(x) for x in np.percentile(values, [25, 50, 75]))
        dims.append(DimensionSummary(dim.id, dim.name, dim.short, dim.pole, q1, med, q3,
                                     tuple(values.tolist())))
    known = {s.id for s in course.statements}
    top = tuple(hardest(data.quiz, known)) if quiz_ready else ()
    return GroupSummary(cohort, n, min_group, True, 0, tuple(dims),
                        tuple(table.leadership.tolist()), tuple(table.management.tolist()),
                        tuple(table.balance.tolist()),
                        tuple(data.skipped), len(data.quiz), top, made)
