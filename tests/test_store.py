"""The autosave store and "whose folder is this?": many pages of one trainee lose nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lvm_course import paths
from lvm_course.store import Store
from lvm_course.widgets.session import ProfileSession, forget_scope, forget_sessions, session


def test_two_pages_of_one_activity_add_to_each_other(tmp_path):
    """A stale page (opened before the other saved) never overwrites what was saved."""
    laptop, phone = Store("quiz", tmp_path), Store("quiz", tmp_path)
    laptop.set("a", 1)
    phone.set("b", 2)  # phone never saw "a"
    laptop.set("c", 3)
    assert Store("quiz", tmp_path).as_dict() == {"a": 1, "b": 2, "c": 3}
    assert phone.get("a") == 1  # and the phone now knows


def test_many_threads_saving_one_file_lose_no_key(tmp_path):
    stores = [Store("notes", tmp_path) for _ in range(8)]

    def work(n: int) -> None:
        for k in range(25):
            stores[n].set(f"{n}-{k}", k)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(Store("notes", tmp_path).as_dict()) == 8 * 25


def test_questionnaire_answers_from_two_devices_merge(course, tmp_path):
    one = ProfileSession(course, Store("questionnaire", tmp_path / "answers"))
    two = ProfileSession(course, Store("questionnaire", tmp_path / "answers"))
    first, second = course.items[0].id, course.items[1].id
    one.set_answer(first, 4)
    two.set_answer(second, 2)  # the second device had not seen the first answer
    assert two.answers == {first: 4, second: 2}
    again = ProfileSession(course, Store("questionnaire", tmp_path / "answers"))
    assert again.answers == {first: 4, second: 2}
    two.set_answer(first, None)
    assert ProfileSession(course, Store("questionnaire", tmp_path / "answers")).answers == \
        {second: 2}


def test_start_over_clears_for_every_device(course, tmp_path):
    one = ProfileSession(course, Store("questionnaire", tmp_path / "answers"))
    one.set_answer(course.items[0].id, 4)
    one.clear()
    assert ProfileSession(course, Store("questionnaire", tmp_path / "answers")).answers == {}


def test_a_damaged_file_found_while_saving_does_not_lose_the_new_answer(tmp_path):
    store = Store("quiz", tmp_path)
    store.set("a", 1)
    store.path.write_text("{torn")
    store.set("b", 2)
    assert Store("quiz", tmp_path).as_dict() == {"a": 1, "b": 2}


@pytest.fixture
def resolver():
    """A visitor resolver as the room installs one (removed afterwards)."""
    current: dict[str, tuple[str, Path] | None] = {"v": None}
    paths.set_visitor_resolver(lambda: current["v"])
    yield current
    paths.set_visitor_resolver(None)
    forget_sessions()


def test_with_a_resolver_each_page_works_in_its_visitors_folder(tmp_path, resolver, course):
    resolver["v"] = ("page-a", tmp_path / "alice")
    assert paths.home_dir() == tmp_path / "alice" and paths.visitor_scope() == "page-a"
    alice = session(course)
    resolver["v"] = ("page-b", tmp_path / "bob")
    bob = session(course)
    assert bob is not alice and paths.home_dir() == tmp_path / "bob"
    assert bob.profile_path.parent == tmp_path / "bob"


def test_each_page_has_its_own_session_and_a_closed_page_is_forgotten(tmp_path, resolver,
                                                                       course):
    resolver["v"] = ("tab-1", tmp_path / "alice")
    tab1 = session(course)
    resolver["v"] = ("tab-2", tmp_path / "alice")  # the same trainee in a second tab
    tab2 = session(course)
    assert tab1 is not tab2  # listeners of one tab never drive the other's widgets
    forget_scope("tab-1")
    resolver["v"] = ("tab-1", tmp_path / "alice")
    assert session(course) is not tab1
    resolver["v"] = ("tab-2", tmp_path / "alice")
    assert session(course) is tab2


def test_with_a_resolver_and_no_visitor_nothing_falls_back_to_a_shared_folder(resolver,
                                                                              monkeypatch,
                                                                              tmp_path):
    monkeypatch.setenv("LVM_COURSE_HOME", str(tmp_path / "everyone"))
    resolver["v"] = None
    with pytest.raises(paths.NoVisitorError, match="reload it from the join address"):
        paths.home_dir()
    assert not (tmp_path / "everyone").exists()


def test_without_a_resolver_the_environment_says_whose_folder(home):
    assert paths.home_dir() == home and paths.visitor_scope() is None


@pytest.mark.parametrize("value, expected", [(None, "lab"), ("voila", "voila"),
                                             ("room", "room"), ("bogus", "lab")])
def test_surface_names_where_pages_are_shown(monkeypatch, value, expected):
    for var in ("VOILA_KERNEL_ID", "VOILA_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    if value is None:
        monkeypatch.delenv("LVM_COURSE_SURFACE", raising=False)
    else:
        monkeypatch.setenv("LVM_COURSE_SURFACE", value)
    assert paths.surface() == expected


@pytest.mark.parametrize("var", ["VOILA_KERNEL_ID", "VOILA_BASE_URL"])
def test_a_kernel_voila_started_is_the_voila_surface_unless_told_otherwise(monkeypatch, var):
    """Voila's server extension (``/voila/render/`` on a hub) sets no variable of ours, but
    its kernels carry Voila's own; an explicit LVM_COURSE_SURFACE still wins."""
    for other in ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "LVM_COURSE_SURFACE"):
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(var, "/user/ada/" if var == "VOILA_BASE_URL" else "k-1")
    assert paths.surface() == "voila"
    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    assert paths.surface() == "room"
