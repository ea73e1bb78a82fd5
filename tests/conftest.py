"""Shared fixtures: the real course, and isolated homes so tests never touch ~."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from lvm_course.content import Course, load_course

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

# A fixed budget in `make test`; `make fuzz` runs the long one.
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(DATA)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty LVM_COURSE_HOME (and group folder) for this test only."""
    h = tmp_path / "home"
    monkeypatch.setenv("LVM_COURSE_HOME", str(h))
    monkeypatch.setenv("LVM_COURSE_SHARED_DIR", str(tmp_path / "group"))
    return h


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def all_answers(course: Course, value: int = 3) -> dict[str, int]:
    return {item.id: value for item in course.items}
