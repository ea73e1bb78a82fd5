"""The course's own error types: every one carries a message a person can act on.

Notebooks and the command line catch :class:`LvmCourseError` and show its message;
anything else escaping is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AnswerError", "ContentError", "LvmCourseError", "Problem", "ProfileError"]


class LvmCourseError(Exception):
    """Base class: the message names what is wrong and where."""


@dataclass(frozen=True)
class Problem:
    """One content problem: which file, which line, which item and field."""

    file: str
    message: str
    line: int | None = None
    item: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.item:
            parts.append(f"item '{self.item}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class ContentError(LvmCourseError):
    """The files in ``data/`` have problems; ``.problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the course content:\n{lines}")


class AnswerError(LvmCourseError, ValueError):
    """An answer is not valid: unknown item, not a whole number, or outside 1-5."""

    def __init__(self, message: str, item: str | None = None):
        self.item = item
        super().__init__(message)


class ProfileError(LvmCourseError):
    """A profile file cannot be used; the message names the file and the reason."""
