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
def room(tmp_path):
    """An empty room folder (``lvm_course.room.identity.Room``); the browser tests have
    their own ``room``, a running server (tests/browser/conftest.py)."""
    from lvm_course.room.identity import Room

    return Room(tmp_path / "room")


@pytest.fixture
def client(room):
    """The room's HTTP layer around a stand-in for Solara (tests/room_stand_in.py),
    driven with Starlette's test client, as the host ``room.test`` (every request sent
    as the room's own pages send it, with its origin); three free wrong codes, so the
    slowing shows quickly."""
    from starlette.testclient import TestClient

    from lvm_course.room.capacity import Pages
    from lvm_course.room.guard import Hosts
    from lvm_course.room.limits import Limits
    from lvm_course.room.server import RoomMiddleware

    from .room_stand_in import StandInKernels, fake_solara

    fake_solara.seen.clear()
    limits = Limits(free_guesses=3)
    app = RoomMiddleware(fake_solara, room, limits=limits, hosts=Hosts(["room.test"]),
                         pages=Pages(limits, StandInKernels()))
    return TestClient(app, base_url="http://room.test", follow_redirects=False,
                      headers={"origin": "http://room.test"})  # as the room's own pages


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def all_answers(course: Course, value: int = 3) -> dict[str, int]:
    return {item.id: value for item in course.items}


# --- Reliability figures ---------------------------------------------------------------
# Tests that try many bad inputs or faults record how many they tried; the totals are
# printed at the end of the run and written to artifacts/reliability.json. The README's
# "Reliability" table quotes these figures.
_RELIABILITY: dict[str, dict[str, object]] = {}


@pytest.fixture
def reliability():
    """``reliability(category, cases, result)``: add to the run's reliability table."""
    def record(category: str, cases: int, result: str) -> None:
        row = _RELIABILITY.setdefault(category, {"cases": 0, "result": result})
        row["cases"] = int(row["cases"]) + cases  # type: ignore[call-overload]
        row["result"] = result
    return record


def pytest_collection_modifyitems(session, config, items):
    """Browser tests run last.

    Playwright's sync API keeps an asyncio loop marked as running in this thread for
    as long as its session fixture lives; kernel-side tests that start their own loop
    (``asyncio.run``) must run before it starts.
    """
    # Among them the hub journey (tests/hub) first: its Playwright session lives for its
    # module only, and must close before tests/browser starts the one it keeps open.
    items.sort(key=lambda item: ("browser" in item.keywords,
                                 "browser" in item.keywords and "/tests/hub/" not in
                                 str(item.path).replace("\\", "/")))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _RELIABILITY:
        return
    import json

    terminalreporter.section("reliability figures (README, Reliability)")
    for category, row in sorted(_RELIABILITY.items()):
        terminalreporter.write_line(f"{category:48s} {row['cases']:>8} cases  {row['result']}")
    out = REPO / "artifacts" / "reliability.json"
    try:
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(_RELIABILITY, indent=1), encoding="utf-8")
    except OSError:
        pass
