"""Attack: a 360 answer code in another spelling than the one its MAC was made over.

The README says the MAC covers the exact text of the code. Before, the parser rebuilt
the signed text from what it read, so ``lvm360-0001.`` passed for ``lvm360-1.``, and the
unused bits of the MAC's last base64 character could be changed four ways. Now only
the one canonical spelling of a code is read, over the room's feedback route too.
"""

from __future__ import annotations

import pytest

from lvm_course.content import load_course
from lvm_course.feedback.codes import CodeRefused, parse_code, seal
from lvm_course.feedback.links import link_maker, set_link_maker
from lvm_course.feedback.rounds import FeedbackRound
from lvm_course.room import rating
from lvm_course.room.identity import Room

from .probes import http

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def respellings(code: str) -> list[str]:
    """The same code, spelt otherwise: a padded version, and the MAC's last character
    with other unused low bits (43 base64 characters carry 258 bits for 256)."""
    head, mac = code.rsplit(".", 1)
    last = _B64.index(mac[-1])
    others = [mac[:-1] + _B64[(last & ~0b11) | low] for low in range(4)
              if (last & ~0b11) | low != last]
    return [code.replace("lvm360-1.", "lvm360-0001.", 1),
            code.replace("lvm360-1.", "lvm360-01.", 1)] + [f"{head}.{m}" for m in others]


def test_the_parser_reads_one_spelling_only(figure):
    code = seal("a" * 16, "k" * 43, "4520", "fine")
    parse_code(code)
    taken = []
    for other in respellings(code):
        try:
            parse_code(other)
            taken.append(other)
        except CodeRefused as exc:
            assert exc.kind == "malformed"
    figure("6d non-canonical 360 codes", f"{len(taken)} of {len(respellings(code))} "
           "other spellings read")
    assert taken == []


@pytest.fixture
def invitation(room):
    """A trainee of this room with one link invitation, as part 06 makes it."""
    r = Room(room.root)
    _key, trainee = r.join()
    rating.install(room.root, room.url + "/")
    try:
        rnd = FeedbackRound(load_course(), trainee.home)
        inv = rnd.invite("peer", "link", link_maker())
    finally:
        set_link_maker(None)
    return rnd, inv, inv.link.rsplit("/", 1)[1]


def test_the_room_refuses_a_respelt_code_and_takes_the_real_one(room, invitation):
    rnd, inv, token = invitation
    code = seal(inv.id, inv.secret, "4" * len(inv.items), "")
    for other in respellings(code):
        got = http(room.url, "POST", f"/rate/{token}", body=f"code={other}".encode(),
                   headers={"Origin": room.url}, source="127.0.0.71")
        assert got.status == 400, (other, got.status)
    real = http(room.url, "POST", f"/rate/{token}", body=f"code={code}".encode(),
                headers={"Origin": room.url}, source="127.0.0.72")
    assert real.status == 200 and "Thank you" in real.text
    rnd.refresh()
    assert len(rnd.ratings()) == 1
