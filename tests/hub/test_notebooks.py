"""``lvm_course.hub.notebooks`` and the server extension that runs it at a server's start."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from lvm_course.errors import LvmCourseError
from lvm_course.hub import _jupyter_server_extension_points
from lvm_course.hub.extension import _load_jupyter_server_extension
from lvm_course.hub.notebooks import SOURCE, install_notebooks, target_folder


def test_every_course_notebook_is_copied_once_and_a_trainees_copy_is_never_touched(tmp_path):
    dest = tmp_path / "lvm-course"
    copied = install_notebooks(dest)
    names = {p.relative_to(dest).as_posix() for p in copied}
    assert {"00_start_here.ipynb", "05_self_profile.ipynb", "06_action_plan.ipynb",
            "facilitator/group_board.ipynb"} <= names
    assert (dest / "05_self_profile.ipynb").read_bytes() == \
        (SOURCE / "05_self_profile.ipynb").read_bytes()
    (dest / "05_self_profile.ipynb").write_text("my edits", encoding="utf-8")
    (dest / "01_two_roles.ipynb").unlink()
    again = install_notebooks(dest)
    assert again == [dest / "01_two_roles.ipynb"]  # only what was missing
    assert (dest / "05_self_profile.ipynb").read_text(encoding="utf-8") == "my edits"


@pytest.mark.parametrize("name", ["", "  ", "/etc", "../other", "a/../../b"])
def test_the_folder_must_stay_in_the_home(tmp_path, name):
    with pytest.raises(LvmCourseError, match="relative folder inside the user's home"):
        target_folder(tmp_path, name)


def test_the_extension_is_declared_and_does_nothing_unless_asked(tmp_path, monkeypatch, caplog):
    assert _jupyter_server_extension_points() == [{"module": "lvm_course.hub.extension"}]
    app = SimpleNamespace(root_dir=str(tmp_path), log=logging.getLogger("test-ext"))
    monkeypatch.delenv("LVM_COURSE_NOTEBOOKS_DIR", raising=False)
    _load_jupyter_server_extension(app)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("LVM_COURSE_NOTEBOOKS_DIR", "lvm-course")
    with caplog.at_level(logging.INFO, "test-ext"):
        _load_jupyter_server_extension(app)
    assert (tmp_path / "lvm-course" / "00_start_here.ipynb").is_file()
    assert "course file(s) added to" in caplog.text


def test_a_bad_folder_is_logged_and_the_server_still_starts(tmp_path, monkeypatch, caplog):
    app = SimpleNamespace(root_dir=str(tmp_path), log=logging.getLogger("test-ext"))
    monkeypatch.setenv("LVM_COURSE_NOTEBOOKS_DIR", "../escape")
    with caplog.at_level(logging.ERROR, "test-ext"):
        _load_jupyter_server_extension(app)  # no exception
    assert "could not add the course's notebooks" in caplog.text
    assert list(tmp_path.iterdir()) == []
