"""Attack: another site (or another port of the room's own machine) acting with a
trainee's cookie.

SameSite=Lax does not stop this: a page on another port of the same host, or on a
sibling host of the trust's domain, is *same-site*, so the trainee's cookie goes
along. The room checks the exact origin instead: a page connection, and every post,
must come from the room's own address.
"""

from __future__ import annotations

import pytest

from .conftest import joined
from .probes import http, open_page


def test_a_page_connection_from_another_origin_is_refused(room, figure):
    cookie = joined(room, source="127.0.0.21")
    evil = open_page(room.url, cookie=cookie, origin="http://evil.example", source="127.0.0.21")
    figure("2 foreign-Origin websocket", f"opened={evil.opened}, {len(evil.messages)} "
           f"messages, resume code seen={evil.mentions('resume code')}")
    assert not evil.opened and not evil.messages


@pytest.mark.parametrize("origin", [None, "null", "http://127.0.0.1:1", "https://{host}",
                                    "http://{host}.evil.example"])
def test_no_origin_but_the_rooms_own_opens_a_page(room, origin):
    cookie = joined(room, source="127.0.0.22")
    host = room.url.split("://", 1)[1]
    sent = origin.format(host=host) if origin else None
    got = open_page(room.url, cookie=cookie, origin=sent, listen=1, source="127.0.0.22")
    assert not got.opened, f"a page connection with Origin {sent!r} was accepted"


def test_the_rooms_own_origin_still_opens_a_working_page(room):
    cookie = joined(room, source="127.0.0.23")
    mine = open_page(room.url, cookie=cookie, origin=room.url, source="127.0.0.23")
    assert mine.opened and mine.mentions("resume code")


@pytest.mark.parametrize("path", ["/resume", "/rate/" + "A" * 43])
@pytest.mark.parametrize("origin", [None, "null", "http://evil.example", "http://127.0.0.1:1"])
def test_a_post_from_anywhere_but_the_room_is_refused(room, path, origin):
    headers = {"Origin": origin} if origin else {}
    got = http(room.url, "POST", path, body=b"code=ABCDE-FGHJK", headers=headers,
               source="127.0.0.24")
    assert got.status == 403, (path, origin, got.status)


def test_a_post_with_only_a_same_origin_referer_is_accepted(room):
    """Browsers that send no Origin on a form post still send a Referer."""
    got = http(room.url, "POST", "/resume", body=b"code=ABCDE-FGHJK",
               headers={"Referer": f"{room.url}/resume"}, source="127.0.0.25")
    assert got.status == 400 and "not found" in got.text  # checked, not refused


def test_a_page_asked_for_under_another_host_name_is_refused(room):
    """DNS rebinding: another name that resolves to the room is not the room."""
    got = http(room.url, "GET", "/", headers={"Host": "evil.example"}, source="127.0.0.26")
    assert got.status == 400 and got.cookie("lvm_trainee") is None
    port = room.url.rsplit(":", 1)[1]
    page = open_page(room.url, origin=f"http://evil.example:{port}", source="127.0.0.26",
                     listen=1, host_name="evil.example")
    assert not page.opened
