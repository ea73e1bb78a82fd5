"""Answer codes and the round that takes them: every refused kind of answer (forged,
edited, replayed, foreign, malformed, wrong version, withdrawn, late, empty) is refused
with a clear message, and nothing else is lost."""

from __future__ import annotations

import json

import pytest

from lvm_course.feedback.codes import CodeRefused, b64d, b64e, find_codes, parse_code, seal
from lvm_course.feedback.rounds import FeedbackRound, clean_comment


@pytest.fixture
def rnd(course, tmp_path):
    return FeedbackRound(course, tmp_path / "trainee")


def code_for(inv, digit="3", comment="", **kw):
    return seal(inv.id, inv.secret, digit * len(inv.items), comment, **kw)


def refused(rnd, code, kind, reliability=None):
    before = json.loads(rnd.store.path.read_text()) if rnd.store.path.exists() else None
    with pytest.raises(CodeRefused) as info:
        rnd.accept(code)
    assert info.value.kind == kind, (info.value.kind, str(info.value))
    after = json.loads(rnd.store.path.read_text()) if rnd.store.path.exists() else None
    assert before == after  # a refusal changes nothing
    if reliability:
        reliability("360 answer codes refused (forged, replayed, ...)", 1,
                    "each refused with a clear message; nothing else changed")
    return str(info.value)


def test_a_code_is_added_once_and_scored_from_its_items(rnd, course):
    inv = rnd.invite("peer")
    assert len(inv.secret) == 43 and len(b64d(inv.secret)) == 32  # 256 bits
    digits = "".join(str(n % 6) for n in range(len(inv.items)))  # 0: not able to rate
    got = rnd.accept(seal(inv.id, inv.secret, digits, "  Kind\x1b[31m and clear  \n"))
    assert got.group == "peer" and got.rated == sum(d != "0" for d in digits)
    (rating,) = rnd.ratings()
    assert rating.answers == {i: int(d) for i, d in zip(inv.items, digits, strict=True)
                              if d != "0"}
    assert rating.comment == "Kind[31m and clear"  # control characters dropped
    assert rnd.invitations()[0].used and not rnd.invitations()[0].waiting
    saved = json.loads(rnd.store.path.read_text())["round"]["answers"][0]
    assert set(saved) == {"group", "answers", "comment"}  # no invitation id, no scores


def test_replayed(rnd, reliability):
    inv = rnd.invite("peer")
    code = code_for(inv)
    rnd.accept(code)
    message = refused(rnd, code, "replayed", reliability)
    assert "already been answered" in message
    other = code_for(inv, "5")  # a second, different answer through the same invitation
    refused(rnd, other, "replayed", reliability)
    assert len(rnd.ratings()) == 1


def test_edited(rnd, reliability):
    inv = rnd.invite("peer")
    code = code_for(inv)
    head, body, mac = code.rsplit(".", 2)[0], code.rsplit(".", 2)[1], code.rsplit(".", 1)[1]
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    assert "changed" in refused(rnd, f"{head}.{flipped}.{mac}", "forged", reliability)
    raw = bytearray(b64d(mac))
    raw[0] ^= 1
    refused(rnd, f"{head}.{body}.{b64e(bytes(raw))}", "forged", reliability)
    rnd.accept(code)  # the genuine one still works afterwards


def test_forged(rnd, course, reliability):
    inv = rnd.invite("peer")
    fake = seal(inv.id, b64e(b"\x00" * 32), "5" * len(inv.items))  # made up, wrong secret
    refused(rnd, fake, "forged", reliability)
    other = rnd.invite("peer")
    moved = code_for(other).replace(f".{other.id}.", f".{inv.id}.")  # onto another invitation
    refused(rnd, moved, "forged", reliability)
    assert rnd.ratings() == []


def test_foreign(rnd, course, tmp_path, reliability):
    someone_else = FeedbackRound(course, tmp_path / "another-trainee")
    inv = someone_else.invite("peer")
    message = refused(rnd, code_for(inv), "foreign", reliability)
    assert "not for one of your invitations" in message
    someone_else.accept(code_for(inv))  # it still works for its own trainee


@pytest.mark.parametrize("text", [
    "lvm360-1.", "lvm360-1.abc", "lvm360-1.AAAAAAAAAAAAAAAA.AAAA.AAAA",
    "lvm360-1.AAAAAAAAAAAAAAAA." + "A" * 30 + "." + "A" * 42,
    "x" * 20000, "lvm360-1." + "A" * 16 + "." + "A" * 30 + "." + "A" * 43 + "\x00",
])
def test_malformed_shapes(rnd, text, reliability):
    rnd.invite("peer")
    kind = "malformed"
    try:
        parse_code(text)
    except CodeRefused as exc:
        assert exc.kind == kind
        reliability("360 answer codes refused (forged, replayed, ...)", 1,
                    "each refused with a clear message; nothing else changed")
        return
    refused(rnd, text, "foreign")  # well formed, for no invitation of this trainee


def test_genuine_codes_with_nonsense_inside_are_malformed(rnd, course, reliability):
    inv = rnd.invite("peer")
    n = len(inv.items)
    for digits in ("3" * (n - 1), "3" * (n + 1), "6" + "3" * (n - 1), "x" * n):
        assert "do not fit" in refused(rnd, seal(inv.id, inv.secret, digits), "malformed",
                                       reliability)
    assert "longer than" in refused(rnd, seal(inv.id, inv.secret, "3" * n, "x" * 1001),
                                    "malformed", reliability)
    refused(rnd, seal(inv.id, inv.secret, "0" * n, "   "), "empty", reliability)
    rnd.accept(seal(inv.id, inv.secret, "0" * n, "Only a comment"))  # a comment alone is fine


def test_wrong_version(rnd, reliability):
    inv = rnd.invite("peer")
    code = code_for(inv).replace("lvm360-1.", "lvm360-2.", 1)
    assert "another version" in refused(rnd, code, "version", reliability)


def test_withdrawn_closed_and_earlier_rounds(rnd, reliability):
    first, second, third = (rnd.invite("peer") for _ in range(3))
    rnd.withdraw(first.id)
    assert "withdrew" in refused(rnd, code_for(first), "withdrawn", reliability)
    rnd.accept(code_for(second))
    rnd.close()
    assert "closed" in refused(rnd, code_for(third), "closed", reliability)
    with pytest.raises(CodeRefused):
        rnd.invite("peer")
    rnd.start_new()
    assert rnd.ratings() == [] and rnd.closed is None
    assert "already closed" in refused(rnd, code_for(third), "closed", reliability)


def test_one_bad_code_among_good_ones_loses_nothing(rnd):
    invs = [rnd.invite(g) for g in ("peer", "peer", "manager")]
    codes = [code_for(i, str(n + 2)) for n, i in enumerate(invs)]
    results = []
    for code in [codes[0], codes[0], "lvm360-1.garbage", codes[1], codes[2]]:
        try:
            results.append(rnd.accept(code).group)
        except CodeRefused as exc:
            results.append(exc.kind)
    assert results == ["peer", "replayed", "malformed", "peer", "manager"]
    assert sorted(r.group for r in rnd.ratings()) == ["manager", "peer", "peer"]


def test_codes_are_found_in_what_an_email_client_did_to_them(rnd):
    a, b = (code_for(rnd.invite("peer"), comment="é") for _ in range(2))
    wrapped = "\n> ".join(a[i:i + 70] for i in range(0, len(a), 70))
    text = f"Hello,\r\n\r\n> {wrapped}\n\nand the other:{b}. Thanks!"
    assert find_codes(text) == [a, b]
    assert find_codes("nothing here") == []
    assert find_codes(json.dumps({"kind": "lvm-course-360-answer", "code": a})) == [a]


def test_two_pages_adding_the_same_code_add_it_once(course, tmp_path):
    """The trainee's laptop and phone (or the room and a paste) at the same time."""
    import threading

    home = tmp_path / "t"
    inv = FeedbackRound(course, home).invite("peer")
    code = code_for(inv)
    outcomes: list[str] = []

    def add() -> None:
        try:
            FeedbackRound(course, home).accept(code)
            outcomes.append("ok")
        except CodeRefused as exc:
            outcomes.append(exc.kind)

    threads = [threading.Thread(target=add) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["replayed"] * 7
    assert len(FeedbackRound(course, home).ratings()) == 1


def test_clean_comment_keeps_line_breaks_and_drops_controls():
    assert clean_comment("a\u202eb\r\nc\t \n\n d ") == "ab\nc\n\n d"
