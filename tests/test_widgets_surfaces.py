"""What the activities say depends on where they are shown: JupyterLab names folders on
this computer; Voila and the room name none, the room shows the resume code and a
fixed group. Driven without a browser by setting ``LVM_COURSE_SURFACE``."""

from __future__ import annotations

import pytest

from lvm_course.room.identity import Room, format_code
from lvm_course.widgets import common
from lvm_course.widgets.quizzes import quiz
from lvm_course.widgets.results import ProfileResults, download_link
from lvm_course.widgets.session import forget_sessions, session
from lvm_course.widgets.start import Welcome


@pytest.fixture(autouse=True)
def fresh(home):
    forget_sessions()
    yield
    forget_sessions()


def test_in_jupyterlab_the_welcome_names_the_folders(home, monkeypatch):
    monkeypatch.delenv("LVM_COURSE_SURFACE", raising=False)
    text = Welcome().status.value
    assert str(home) in text and "on this machine only" in text
    assert "<a href" not in text  # Lab opens notebooks from its file browser


def test_in_voila_the_welcome_links_parts_and_names_no_folder(home, monkeypatch):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "voila")
    text = Welcome().status.value
    assert str(home) not in text and "this machine" not in text
    assert '<a href="01_two_roles.ipynb">The two roles</a>' in text


@pytest.fixture
def in_the_room(tmp_path, monkeypatch):
    """A trainee's page in the room: their folder, and their account as the room gives it
    (the page's browser key stands in for the one Solara's page connection carries)."""
    from lvm_course import paths
    from lvm_course.room import visitors
    from lvm_course.room.account import RoomAccount

    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    room = Room(tmp_path / "room")
    key, trainee = room.join()
    monkeypatch.setenv("LVM_COURSE_HOME", str(trainee.home))
    monkeypatch.setattr(visitors, "current_key", lambda: key)
    paths.set_account(RoomAccount(room))
    yield room, key, trainee
    paths.set_account(None)


def test_in_the_room_the_welcome_shows_the_resume_code_and_room_links(in_the_room):
    _room, _key, trainee = in_the_room
    welcome = Welcome()
    text = welcome.status.value
    assert welcome.resume_code == format_code(trainee.resume_code)
    assert format_code(trainee.resume_code) in text and "href='/resume'" in text
    assert '<a href="/part/05_self_profile">' in text and str(trainee.home) not in text


def test_a_new_resume_code_from_the_start_page_ends_the_old_one(in_the_room):
    room, key, trainee = in_the_room
    phone_key, _same = room.resume(trainee.resume_code)
    welcome = Welcome()
    assert welcome.new_code is not None and "other browser" in welcome.new_code.tooltip
    welcome.new_code.click()
    new = welcome.resume_code
    assert new != format_code(trainee.resume_code) and new in welcome.status.value
    assert format_code(trainee.resume_code) not in welcome.status.value
    assert new in welcome.renewed.value and "signed out" in welcome.renewed.value
    assert room.resume(trainee.resume_code) is None and room.resume(new) is not None
    assert room.trainee_for_key(key).id == trainee.id  # this browser carries on
    assert room.trainee_for_key(phone_key) is None


def test_outside_the_room_there_is_no_code_to_renew(home, monkeypatch):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "lab")
    welcome = Welcome()
    assert welcome.resume_code is None and welcome.new_code is None


def test_progress_counts_rated_statements(home, monkeypatch, course):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    sess = session(course)
    for item in course.items[:5]:
        sess.set_answer(item.id, 3)
    assert f"5 of {len(course.items)} statements rated" in Welcome().status.value


def test_in_the_room_sharing_needs_no_group_name(home, monkeypatch, course):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    monkeypatch.setenv("LVM_COURSE_COHORT", "room")
    results = ProfileResults(session(course))
    assert results.cohort.value == "room" and results.cohort.layout.display == "none"
    q = quiz(4, seed=1)
    assert q.share_cohort.value == "room" and q.share_cohort.layout.display == "none"
    box = common.cohort_field("typed before")
    assert box.value == "room"


def test_in_jupyterlab_sharing_asks_for_the_group(home, monkeypatch, course):
    monkeypatch.delenv("LVM_COURSE_COHORT", raising=False)
    box = common.cohort_field("ward-7")
    assert box.value == "ward-7" and box.layout.display != "none"
    assert common.cohort_field(None).value == "workshop"


@pytest.mark.parametrize("where, shows_path", [("lab", True), ("voila", False),
                                               ("room", False)])
def test_downloads_name_the_saved_file_only_in_jupyterlab(tmp_path, monkeypatch, where,
                                                          shows_path):
    monkeypatch.setenv("LVM_COURSE_SURFACE", where)
    path = tmp_path / "my-profile.pdf"
    path.write_bytes(b"%PDF-1.4")
    link = download_link(path, "Download my-profile.pdf")
    assert 'download="my-profile.pdf"' in link and "data:application/pdf;base64," in link
    assert (str(path) in link) is shows_path


def test_a_failure_message_names_no_server_file_outside_jupyterlab(home, monkeypatch):
    monkeypatch.setenv("LVM_COURSE_SURFACE", "room")
    text = common.friendly(RuntimeError("boom")).value
    assert "could not start" in text and str(home) not in text and "boom" not in text
