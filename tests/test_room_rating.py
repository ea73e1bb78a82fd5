"""The room's feedback links (``/rate/<token>``), over HTTP semantics with Starlette's
test client: the form is served without a trainee cookie, the sealed answer is checked
by the trainee's own round, each link works once, unknown links are refused."""

from __future__ import annotations

import re

import pytest

from lvm_course.feedback.codes import seal
from lvm_course.feedback.links import link_maker, set_link_maker
from lvm_course.feedback.rounds import FeedbackRound
from lvm_course.room import rating
from lvm_course.room.server import TRAINEE_COOKIE

from .room_stand_in import fake_solara


@pytest.fixture
def invited(room, course):
    """A trainee of the room with one link invitation (as their page in 06 makes it)."""
    _key, trainee = room.join()
    rating.install(room.root, "http://room.test/")
    try:
        rnd = FeedbackRound(course, trainee.home)
        rnd.set_name("Dr <b>Ade</b>")
        inv = rnd.invite("peer", "link", link_maker())
    finally:
        set_link_maker(None)
    token = inv.link.rsplit("/", 1)[1]
    assert inv.link == f"http://room.test/rate/{token}"
    return rnd, inv, token


def test_the_link_serves_the_form_without_a_trainee_cookie(client, invited, room):
    rnd, inv, token = invited
    page = client.get(f"/rate/{token}")
    assert page.status_code == 200 and fake_solara.seen == []
    assert not any(h.startswith(TRAINEE_COOKIE) for h in page.headers.get_list("set-cookie"))
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "form-action 'self'" in page.headers["content-security-policy"]
    text = page.text
    assert "Feedback for Dr &lt;b&gt;Ade&lt;/b&gt;" in text and "<b>Ade" not in text
    assert f'action="/rate/{token}"' in text and "Send my answers" in text
    assert len(room.trainees()) == 1  # nobody joined by opening a rater's link
    assert list((room.root / "links").glob("*.json"))[0].stem != token  # kept hashed


def test_an_answer_is_taken_once(client, invited, course):
    rnd, inv, token = invited
    code = seal(inv.id, inv.secret, "4" * len(inv.items), "Clear at handover")
    sent = client.post(f"/rate/{token}", data={"code": code},
                       headers={"origin": "http://room.test"})
    assert sent.status_code == 200 and "Thank you" in sent.text
    rnd.refresh()
    assert [r.comment for r in rnd.ratings()] == ["Clear at handover"]
    again = client.post(f"/rate/{token}", data={"code": code})
    assert again.status_code == 410 and "Already answered" in again.text
    assert client.get(f"/rate/{token}").status_code == 410
    rnd.refresh()
    assert len(rnd.ratings()) == 1


def test_a_bad_answer_is_refused_and_the_link_still_works(client, invited):
    rnd, inv, token = invited
    other = rnd.invite("peer")  # a file invitation of the same trainee
    for code, words in [("lvm360-1.nonsense", "not a complete answer code"),
                        (seal(other.id, other.secret, "3" * len(other.items)),
                         "another invitation"),
                        (seal(inv.id, other.secret, "3" * len(inv.items)), "changed")]:
        sent = client.post(f"/rate/{token}", data={"code": code})
        assert sent.status_code == 400 and words in sent.text
        assert "Traceback" not in sent.text
    assert rnd.ratings() == []
    assert client.get(f"/rate/{token}").status_code == 200


def test_unknown_and_malformed_links_are_refused_and_throttled(client):
    for token in ("x" * 43, "short", "A" * 43):
        page = client.get(f"/rate/{token}")
        assert page.status_code == 404 and "not known" in page.text
    assert client.get("/rate/" + "B" * 43).status_code == 429  # 3 failures: slowed down


def test_a_cross_site_post_is_refused(client, invited):
    _rnd, inv, token = invited
    code = seal(inv.id, inv.secret, "4" * len(inv.items))
    sent = client.post(f"/rate/{token}", data={"code": code},
                       headers={"origin": "http://evil.test"})
    assert sent.status_code == 403


def test_a_closed_round_says_so(client, invited):
    rnd, _inv, token = invited
    rnd.close()
    page = client.get(f"/rate/{token}")
    assert page.status_code == 410 and "no longer collecting" in page.text


def test_links_are_made_for_the_rooms_trainees_only(room, tmp_path):
    rating.install(room.root, "http://room.test/")
    try:
        with pytest.raises(ValueError):
            link_maker()(tmp_path / "elsewhere")
    finally:
        set_link_maker(None)
    assert re.fullmatch(r"[0-9a-f]{64}", "0" * 64)
