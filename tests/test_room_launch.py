"""``lvm-course room``: the settings it gives Solara, what it prints, a busy port."""

from __future__ import annotations

import ipaddress
import socket

from lvm_course.cli import main
from lvm_course.room import launch


def test_the_room_runs_solara_for_a_workshop_not_for_development(tmp_path):
    env = launch.room_environment(tmp_path / "room", "http://10.0.0.5:8870/")
    assert env["SOLARA_APP"] == "lvm_course.room.app"
    assert env["SOLARA_MODE"] == "production"  # no dev checks calling solara.dev
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"  # nothing leaves the room
    assert env["SOLARA_ASSETS_PROXY"] == "true"  # assets from the local solara-assets copy
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
