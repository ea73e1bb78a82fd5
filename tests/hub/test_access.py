"""``lvm_course.hub.access``: who may open the group board on a hub, against a stand-in
hub API on 127.0.0.1 (the real hub answers the same in ``test_hub_journey.py``)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lvm_course.hub import access
from lvm_course.widgets import board


class FakeHub:
    """``GET /hub/api/user``: the model set in ``.model`` for the token ``good``."""

    def __init__(self):
        self.model: object = {"name": "ada", "admin": False, "groups": []}
        self.status = 200
        self.seen: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hub.seen.append(f"{self.path} {self.headers.get('Authorization')}")
                ok = self.headers.get("Authorization") == "token good"
                status = hub.status if ok else 403
                body = json.dumps(hub.model if ok else {"message": "no"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub(monkeypatch):
    fake = FakeHub()
    monkeypatch.setenv("JUPYTERHUB_API_URL", fake.url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "good")
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    monkeypatch.delenv("LVM_COURSE_FACILITATORS", raising=False)
    yield fake
    fake.close()


def test_off_a_hub_the_machines_user_is_the_facilitator(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    verdict = access.board_access()
    assert verdict.allowed and verdict.user is None and not access.on_hub()


def test_an_admin_is_allowed_and_the_hub_was_asked_with_the_servers_token(hub):
    hub.model = {"name": "ada", "admin": True, "groups": []}
    verdict = access.board_access()
    assert verdict.allowed and verdict.user == "ada" and verdict.reason == "a hub admin"
    assert hub.seen == ["/hub/api/user token good"]


def test_a_member_of_the_facilitators_group_is_allowed(hub):
    hub.model = {"name": "ada", "admin": False, "groups": ["cohort-a", "lvm-facilitators"]}
    assert access.board_access().allowed


def test_the_group_is_named_by_the_environment(hub, monkeypatch):
    hub.model = {"name": "ada", "admin": False, "groups": ["lvm-facilitators"]}
    monkeypatch.setenv("LVM_COURSE_FACILITATORS", "tutors")
    verdict = access.board_access()
    assert not verdict.allowed and "'tutors'" in verdict.reason
    hub.model["groups"] = ["tutors"]
    assert access.board_access().allowed


@pytest.mark.parametrize("model, words", [
    ({"name": "bo", "admin": False, "groups": ["cohort-a"]}, "Ask your hub admin to add you"),
    ({"name": "bo", "admin": False}, "lacks read:users:groups"),
    ({"name": "bo", "admin": "yes", "groups": "lvm-facilitators"}, "Ask your hub admin"),
    (["not", "a", "user"], "did not answer"),
])
def test_anyone_else_is_refused_with_a_reason(hub, model, words):
    hub.model = model
    verdict = access.board_access()
    assert not verdict.allowed and words in verdict.reason
    assert "hub admins and members of the hub group 'lvm-facilitators'" in verdict.reason


def test_closed_when_the_hub_refuses_fails_or_is_unknown(hub, monkeypatch):
    hub.status = 500
    assert not access.board_access().allowed
    hub.status = 200
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "stolen")  # the fake hub answers 403
    assert "did not answer" in access.board_access().reason
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://127.0.0.1:9/hub/api")  # nobody there
    assert not access.board_access().allowed
    monkeypatch.setenv("JUPYTERHUB_API_URL", "")
    assert "does not know its hub's address" in access.board_access().reason


def test_a_refused_board_reads_nothing_and_says_who_may(hub, monkeypatch, home, tmp_path):
    def no_reading(*args, **kwargs):
        raise AssertionError("the group folder was read for a trainee")

    monkeypatch.setattr(board, "list_cohorts", no_reading)
    monkeypatch.setattr(board, "read_folder", no_reading)
    shown = board.group_board(folder=tmp_path)
    assert isinstance(shown, board.BoardRefused)
    assert "for the course&#x27;s facilitators" in shown.widget.value  # escaped text
    assert "<h2>Group board</h2>" in shown.widget.value


def test_an_allowed_board_is_the_board(hub, home, tmp_path):
    hub.model = {"name": "ada", "admin": False, "groups": ["lvm-facilitators"]}
    (tmp_path / "cohort-a").mkdir()
    shown = board.group_board(folder=tmp_path)
    assert isinstance(shown, board.GroupBoard) and shown.cohort == "cohort-a"
