"""``lvm-course room``: the settings it gives Solara, what it prints, a busy port."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from lvm_course.cli import main
from lvm_course.room import launch


def test_the_room_runs_solara_for_a_workshop_not_for_development(tmp_path):
    env = launch.room_environment(tmp_path / "room", "http://10.0.0.5:8870/")
    assert env["SOLARA_APP"] == "lvm_course.room.app"
    assert env["SOLARA_MODE"] == "production"  # no dev checks calling solara.dev
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"  # nothing leaves the room
    # the page names its packages under the room's own address, where lvm_course.room.assets
    # serves them from the installed solara-assets copy (never fetched: tests/security)
    assert env["SOLARA_ASSETS_PROXY"] == "true"
    assert env["SOLARA_THEME_FORCE_REFRESH"] == "true"  # a page reloads after a restart
    assert env["SOLARA_SESSION_HTTP_ONLY"] == "true"
    assert env["LVM_COURSE_SURFACE"] == "room" and env["LVM_COURSE_COHORT"] == "room"
    assert env["LVM_COURSE_SHARED_DIR"] == str(tmp_path / "room" / "group")
    assert env["LVM_ROOM_JOIN_URL"] == "http://10.0.0.5:8870/"


def test_the_join_address_is_a_network_address():
    address = ipaddress.ip_address(launch.lan_address())
    assert address.version == 4


def test_the_banner_says_where_to_join_and_keeps_the_key_apart(tmp_path):
    text = launch._banner("http://10.0.0.5:8870/", "http://10.0.0.5:8870/facilitator?token=T",
                          tmp_path)
    assert "Trainees join at:  http://10.0.0.5:8870/" in text
    assert "keep it private" in text and "facilitator?token=T" in text
    assert str(tmp_path) in text and "Ctrl-C" in text
    assert sum(line.count("█") for line in text.splitlines()) > 100  # the QR code


def test_a_busy_port_is_one_plain_sentence(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not launch.port_free("127.0.0.1", port)
        code = main(["room", "--ip", "127.0.0.1", "--port", str(port), "--dir",
                     str(tmp_path / "room"), "--no-browser"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"port {port} is in use" in err and "--port" in err and "Traceback" not in err


def test_the_banner_names_the_slides_when_served(tmp_path):
    text = launch._banner("http://10.0.0.5:8870/", "http://10.0.0.5:8870/facilitator?token=T",
                          tmp_path, "http://127.0.0.1:8871/")
    assert "Slides to present (on this computer only" in text
    assert "http://127.0.0.1:8871/" in text
    assert "Slides" not in launch._banner("http://a/", "http://a/f", tmp_path)


def test_the_slides_are_the_facilitators_own_and_never_the_rooms_group(tmp_path):
    from lvm_course.room.slides import slides_environment

    base = {"PATH": "/bin", "LVM_COURSE_COHORT": "room", "LVM_COURSE_SHARED_DIR": "/room/group",
            "LVM_ROOM_DIR": "/room", "LVM_ROOM_SLIDES_URL": "http://127.0.0.1:1/"}
    env = slides_environment(tmp_path / "facilitator", base)
    assert env["LVM_COURSE_HOME"] == str(tmp_path / "facilitator")
    assert env["LVM_COURSE_SHARED_DIR"] == str(tmp_path / "facilitator" / "group")
    assert env["LVM_COURSE_SURFACE"] == "voila"  # slides say nothing about running cells
    assert "LVM_COURSE_COHORT" not in env and "LVM_ROOM_DIR" not in env
    assert env["PATH"] == "/bin"


def test_the_slides_listen_on_this_computer_only_and_end_with_the_room(tmp_path):
    """A parent process (the room) starts the slides and is then killed with SIGKILL, so
    its ``finally`` never runs: Voila must still end, and free its port."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from lvm_course.room.slides import start_slides\n"
        "s = start_slides(Path(sys.argv[1]), 0)\n"
        "print(json.dumps({'url': s.url, 'pid': s.proc.pid}), flush=True)\n"
        "time.sleep(600)\n")
    env = dict(os.environ, HOME=str(tmp_path), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    room = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "facilitator")],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        started = json.loads(room.stdout.readline())
        url, voila = started["url"], started["pid"]
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        with socket.socket() as probe:  # not reachable on any other address of the machine
            lan = launch.lan_address()
            if lan != "127.0.0.1":
                assert probe.connect_ex((lan, port)) != 0
        os.kill(room.pid, signal.SIGKILL)
        room.wait(timeout=10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # Voila is told by the kernel, at once
            try:
                os.kill(voila, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("Voila outlived the room")
        assert launch.port_free("127.0.0.1", port)
    finally:
        room.kill()


def test_the_limits_are_settings_with_defaults_for_a_room_of_300():
    from lvm_course.room.limits import Limits

    default = Limits.from_env({})
    assert default.pages_per_trainee >= 4 and default.pages >= 600
    assert default.header_timeout == 10.0 and default.free_guesses == 10
    assert Limits.from_env({"LVM_ROOM_PAGES": "50", "LVM_ROOM_BODY_TIMEOUT": "2.5"}) == \
        Limits(pages=50, body_timeout=2.5)


@pytest.mark.parametrize("value", ["many", "0", "-3", "1.5"])
def test_a_wrong_limit_is_one_sentence_naming_the_setting(tmp_path, monkeypatch, capsys,
                                                          value):
    monkeypatch.setenv("LVM_ROOM_PAGES_PER_TRAINEE", value)
    assert main(["room", "--dir", str(tmp_path / "r"), "--no-browser", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "LVM_ROOM_PAGES_PER_TRAINEE" in err and repr(value) in err
    assert "Traceback" not in err
