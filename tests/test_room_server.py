"""The room's HTTP layer, driven over real HTTP semantics (Starlette's test client).

Solara itself is replaced by a stand-in that serves a page shaped like Solara's, so
these tests pin down what the middleware adds: the trainee's cookie, the
facilitator's key, resume codes, refusals and the page fixes. The attack suite
(tests/security) probes the same layer around the real Solara, on 127.0.0.1.
"""

from __future__ import annotations

import pytest

from lvm_course.room.identity import format_code
from lvm_course.room.server import FACILITATOR_COOKIE, TRAINEE_COOKIE, fix_page

from .room_stand_in import SOLARA_PAGE, fake_solara

SAME = {"Origin": "http://room.test"}


def _set_cookie(response, name: str) -> str | None:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header
    return None


def test_the_first_page_gives_a_private_httponly_key_and_the_next_keeps_it(client, room):
    first = client.get("/")
    header = _set_cookie(first, TRAINEE_COOKIE)
    assert first.status_code == 200 and header is not None
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    key = first.cookies[TRAINEE_COOKIE]
    assert room.trainee_for_key(key) is not None
    again = client.get("/part/05_self_profile")
    assert again.status_code == 200 and _set_cookie(again, TRAINEE_COOKIE) is None
    assert len(room.trainees()) == 1


def test_a_forged_or_stale_key_gets_a_fresh_identity_not_someone_elses(client, room):
    _, someone = room.join()
    client.cookies.set(TRAINEE_COOKIE, "A" * 43)
    response = client.get("/")
    new_key = response.cookies[TRAINEE_COOKIE]
    assert room.trainee_for_key(new_key).id != someone.id


def test_the_page_gets_a_language_zoom_and_the_room_stylesheet(client):
    text = client.get("/").text
    assert '<html lang="en">' in text
    assert "user-scalable=no" not in text and "maximum-scale" not in text
    assert 'href="/room-static/room.css"' in text
    css = client.get("/room-static/room.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_fix_page_leaves_other_text_alone():
    assert fix_page(b"<p>hello</p>") == b"<p>hello</p>"


@pytest.mark.parametrize("path", ["/facilitator", "/board", "/stage"])
def test_facilitator_pages_need_the_key(client, room, path):
    refused = client.get(path)
    assert refused.status_code == 403 and "facilitator" in refused.text
    assert path not in fake_solara.seen  # refused before Solara saw it
    client.cookies.set(FACILITATOR_COOKIE, "wrong")
    assert client.get(path).status_code == 403


def test_the_key_in_the_link_starts_a_session_and_leaves_the_address(client, room):
    token = room.facilitator_token
    landing = client.get(f"/facilitator?token={token}")
    assert landing.status_code == 303
    assert landing.headers["location"] == "/facilitator"  # the projector never shows it
    header = _set_cookie(landing, FACILITATOR_COOKIE)
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Max-Age=43200" in header
    session = landing.cookies[FACILITATOR_COOKIE]
    assert session != token and room.in_session(session)
    client.cookies.set(FACILITATOR_COOKIE, session)
    assert client.get("/board").status_code == 200
    assert client.get("/facilitator").status_code == 200
    wrong = client.get("/board?token=" + "x" * 43)
    assert wrong.status_code in (200, 303)  # still the facilitator by cookie...
    client.cookies.clear()
    assert client.get("/board?token=" + "x" * 43).status_code == 403  # ...not by a guess


def test_solaras_resource_page_is_for_the_facilitator_only(client, room):
    assert client.get("/resourcez").status_code == 404
    client.cookies.set(FACILITATOR_COOKIE, room.facilitator_token)  # the key is no cookie
    assert client.get("/resourcez").status_code == 404
    client.cookies.set(FACILITATOR_COOKIE, room.start_session(room.facilitator_token))
    assert client.get("/resourcez").status_code == 200


@pytest.mark.parametrize("path", ["/room-static/../identity.py", "/room-static/room.json",
                                  "/room-static/%2e%2e/server.py", "/room-static/"])
def test_the_room_stylesheet_route_serves_nothing_else(client, path):
    response = client.get(path)
    assert b"import" not in response.content and b"token" not in response.content
    # a client that folds '..' asks Solara for /identity.py, which is not a room file
    assert response.status_code == 404 or response.content == SOLARA_PAGE


def test_resume_with_the_right_code_carries_on_as_the_same_trainee(client, room):
    _, trainee = room.join()
    form = client.get("/resume")
    assert form.status_code == 200 and "<form" in form.text and 'lang="en"' in form.text
    done = client.post("/resume", data={"code": format_code(trainee.resume_code).lower()},
                       headers=SAME)
    assert done.status_code == 200 and "Welcome back" in done.text
    assert room.trainee_for_key(done.cookies[TRAINEE_COOKIE]).id == trainee.id


def test_wrong_codes_are_refused_then_slowed(client, room):
    _, trainee = room.join()
    for _ in range(3):
        wrong = client.post("/resume", data={"code": "ZZZZZ-ZZZZZ"}, headers=SAME)
        assert wrong.status_code == 400 and "not found" in wrong.text
        assert _set_cookie(wrong, TRAINEE_COOKIE) is None
    blocked = client.post("/resume", data={"code": trainee.resume_code}, headers=SAME)
    assert blocked.status_code == 429  # even the right code waits: guessing is slowed
    assert blocked.headers["retry-after"] == "2" and "Wait 2 seconds" in blocked.text


def test_a_resume_post_from_another_site_is_refused(client, room):
    _, trainee = room.join()
    response = client.post("/resume", data={"code": trainee.resume_code},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403 and _set_cookie(response, TRAINEE_COOKIE) is None


def test_typed_text_is_never_echoed_as_markup(client):
    response = client.post("/resume", data={"code": "<script>alert(1)</script>"},
                           headers=SAME)
    assert "<script>alert" not in response.text


def test_other_paths_go_to_solara_untouched(client):
    response = client.get("/static/x.js")
    assert response.content == b"js" and _set_cookie(response, TRAINEE_COOKIE) is None


def test_every_answer_carries_the_rooms_headers(client):
    for path in ("/", "/resume", "/static/x.js", "/room-static/room.css", "/nowhere"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert "connect-src 'self' ws://room.test" in page.headers["content-security-policy"]
    assert "script-src" not in client.get("/resume").headers["content-security-policy"]


def test_another_host_name_is_not_the_room(client, room):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400 and "join address" in response.text
    assert room.trainees() == [] and fake_solara.seen == []


def test_only_a_page_that_exists_makes_a_trainee(client, room):
    assert client.get("/part/not_a_part").content == SOLARA_PAGE  # Solara's own 404 page
    assert room.trainees() == []
    assert client.get("/part/01_two_roles").status_code == 200
    assert len(room.trainees()) == 1


def test_joins_from_one_address_are_capped_with_a_clear_page(room):
    from starlette.testclient import TestClient

    from lvm_course.room.capacity import Pages
    from lvm_course.room.limits import Limits
    from lvm_course.room.server import RoomMiddleware

    from .room_stand_in import StandInKernels

    limits = Limits(joins_per_address=2)
    app = RoomMiddleware(fake_solara, room, limits=limits, pages=Pages(limits, StandInKernels()))
    fresh = [TestClient(app, base_url="http://room.test").get("/") for _ in range(3)]
    assert [r.status_code for r in fresh] == [200, 200, 429]
    assert "Too many new visitors" in fresh[2].text and int(fresh[2].headers["retry-after"]) > 0
    assert len(room.trainees()) == 2
