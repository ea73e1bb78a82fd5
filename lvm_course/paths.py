"""Where the course keeps files, and whose files they are.

Everything that reads or writes a trainee's answers asks :func:`home_dir` "whose
folder is this?". On a laptop or a hub there is one trainee per kernel, so the
answer comes from the environment:

- ``LVM_COURSE_HOME``: the trainee's own folder (default ``~/.lvm_course``). Answers,
  the saved profile and exports live here and stay on this machine.
- ``LVM_COURSE_SHARED_DIR``: the group folder a facilitator reads (a shared drive, or a
  JupyterHub shared directory). When unset, ``<home>/group`` so the whole share →
  board loop works on one laptop with no set-up.
- ``LVM_COURSE_DATA``: another content folder (default: the repository's ``data/``).
- ``LVM_COURSE_COHORT``: a group name fixed for everyone (the room sets it), so
  trainees share without typing one and the board needs no choice.
- ``LVM_COURSE_SURFACE``: where pages are shown: ``lab`` (JupyterLab, the default),
  ``voila`` (``make present``) or ``room`` (``make room``). Text that only makes
  sense in one place (run the cells; a folder path) asks :func:`surface`.

In the room one server process serves many visitors, so the environment cannot say
who is working: the room installs a *visitor resolver* (:func:`set_visitor_resolver`)
that answers from the page being served. With a resolver installed and no visitor
behind the current call, :func:`home_dir` raises rather than fall back to a folder
everyone would share. The room also installs the visitor's *account*
(:func:`set_account`): their resume code, and a new one on request. Pages ask
:func:`account`; outside a room there is none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .errors import LvmCourseError

__all__ = ["Account", "NoVisitorError", "SURFACES", "account", "data_dir", "fixed_cohort",
           "home_dir", "set_account", "set_visitor_resolver", "shared_dir", "surface",
           "visitor_scope"]

_REPO_DATA = Path(__file__).resolve().parent.parent / "data"
SURFACES = ("lab", "voila", "room")

#: ``() -> (scope, home)`` for the visitor behind the current call, or ``None``.
#: ``scope`` names the page (kernel) being served; ``home`` is the visitor's folder.
VisitorResolver = Callable[[], "tuple[str, Path] | None"]
_resolver: VisitorResolver | None = None


class Account(Protocol):
    """The current visitor's sign-in, where one exists (the room)."""

    def resume_code(self) -> str | None:
        """Their resume code as shown (``ABCDE-FGHJK``), or ``None`` (not a trainee)."""

    def new_resume_code(self) -> str:
        """A new code; the old one ends and their other browsers are signed out."""


_account: Account | None = None


def set_account(value: Account | None) -> None:
    """Install (or with ``None`` remove) the visitor's account (the room does, at start)."""
    global _account
    _account = value


def account() -> Account | None:
    """The visitor's account, or ``None`` where there is none (a laptop, a hub)."""
    return _account


class NoVisitorError(LvmCourseError):
    """A trainee's folder was asked for where no trainee is known (a room page with no
    identity): refusing beats writing into a folder every visitor would share."""


def set_visitor_resolver(resolver: VisitorResolver | None) -> None:
    """Install (or with ``None`` remove) the function that names the current visitor."""
    global _resolver
    _resolver = resolver


def _visitor() -> tuple[str, Path] | None:
    if _resolver is None:
        return None
    found = _resolver()
    if found is None:
        raise NoVisitorError("this page does not know who you are; reload it from the "
                             "join address")
    return found


def visitor_scope() -> str | None:
    """The page (kernel) being served in the room; ``None`` with one trainee per kernel."""
    found = _visitor()
    return found[0] if found else None


def home_dir() -> Path:
    """The trainee's own folder; created on first use."""
    found = _visitor()
    if found is not None:
        path = found[1]
    else:
        raw = os.environ.get("LVM_COURSE_HOME") or "~/.lvm_course"
        path = Path(raw).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_dir() -> Path:
    """The group folder (not created here: sharing creates what it writes into)."""
    raw = os.environ.get("LVM_COURSE_SHARED_DIR")
    return Path(raw).expanduser() if raw else home_dir() / "group"


def data_dir() -> Path:
    """The content folder."""
    raw = os.environ.get("LVM_COURSE_DATA")
    return Path(raw).expanduser() if raw else _REPO_DATA


def fixed_cohort() -> str | None:
    """The group name everyone shares into, when the set-up fixes one (the room)."""
    return os.environ.get("LVM_COURSE_COHORT") or None


def surface() -> str:
    """Where the course is being shown: ``lab``, ``voila`` or ``room``.

    ``LVM_COURSE_SURFACE`` when set; otherwise ``voila`` in a kernel Voila started (it
    sets ``VOILA_BASE_URL`` and ``VOILA_KERNEL_ID``, through its server extension too:
    ``/voila/render/`` on a JupyterHub, where no one sets our variable), else ``lab``.
    """
    value = os.environ.get("LVM_COURSE_SURFACE")
    if value in SURFACES:
        return value
    voila = os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_BASE_URL")
    return "voila" if voila else "lab"
