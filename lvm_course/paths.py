"""Where the course keeps files: read from environment variables, never hard-coded.

- ``LVM_COURSE_HOME``: the trainee's own folder (default ``~/.lvm_course``). Answers,
  the saved profile and exports live here and stay on this machine.
- ``LVM_COURSE_SHARED_DIR``: the group folder a facilitator reads (a shared drive, or a
  JupyterHub shared directory). When unset, ``<home>/group`` so the whole share →
  board loop works on one laptop with no set-up.
- ``LVM_COURSE_DATA``: another content folder (default: the repository's ``data/``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "home_dir", "shared_dir"]

_REPO_DATA = Path(__file__).resolve().parent.parent / "data"


def home_dir() -> Path:
    """The trainee's own folder; created on first use."""
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
