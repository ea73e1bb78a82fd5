"""The course's activities: one line in a notebook starts one.

Each activity is a small class with a ``.widget`` (what is shown) and plain
attributes that hold its state, so tests drive it without a browser. Functions here
build an activity and return it; a notebook cell's last line displays it.
Imports are lazy so a notebook pays only for the activities it uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> module in this package (each module defines a function of that name)
_ACTIVITIES = {
    "welcome": "start",
    "pair_explorer": "explorer",
    "quiz": "quizzes",
    "skill_sort": "sorting",
    "phrase_sort": "sorting",
    "scenario": "scenarios",
    "simulator": "simulation",
    "cases": "casework",
    "questionnaire": "survey",
    "profile_results": "results",
    "action_plan": "planning",
    "colleague_rating": "rating",
    "feedback": "others_view",
    "group_board": "board",
    "reflection": "journal",
    "recall": "looking_back",
}

__all__ = sorted(_ACTIVITIES)


def __getattr__(name: str) -> Any:
    module = _ACTIVITIES.get(name)
    if module is None:
        raise AttributeError(f"module 'lvm_course.widgets' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

# Module names differ from the activity names on purpose: importing a submodule
# binds its name on this package, so a module ``quiz.py`` would hide the ``quiz()``
# function after the first import (``widgets.quiz()`` -> "'module' is not callable").
