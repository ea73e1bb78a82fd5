"""Leadership vs Management: a hands-on Jupyter course.

``import lvm_course`` is cheap: it loads nothing heavy. Names are imported from
their modules on first use (PEP 562), so matplotlib, ipywidgets, numpy and pydantic
load only where a notebook or command needs them.

Typical use in a notebook cell::

    from lvm_course.widgets import quiz
    quiz()
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "AnswerError": "errors",
    "ContentError": "errors",
    "LvmCourseError": "errors",
    "Problem": "errors",
    "ProfileError": "errors",
    "Course": "content",
    "check_content": "content",
    "load_course": "content",
    "Scores": "scoring",
    "score": "scoring",
    "score_many": "scoring",
    "Profile": "profile",
    "load_profile": "profile",
    "new_profile": "profile",
    "save_profile": "profile",
    "home_dir": "paths",
    "shared_dir": "paths",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lvm_course' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
