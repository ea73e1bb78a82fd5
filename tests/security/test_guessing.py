"""Attack: guessing codes, and locking everyone out by guessing.

Before, ``/resume`` and ``/rate`` shared one cap of 200 failures, checked before a right
code: 20 addresses x 10 wrong codes made every right resume code and every feedback
link answer 429 for ten minutes, and ``X-Forwarded-For`` from loopback was believed,
so one process could pose as any number of addresses. Now each address gets a few
free wrong tries, then waits longer between tries (doubling); a try that comes too
soon is not checked at all, so guessing slows, but a right code from an address that
is not guessing is never refused. The two routes count apart, and forwarded headers
are believed only from a proxy the facilitator names (``--behind-proxy``).
"""

from __future__ import annotations

import re
import time

from lvm_course.room.identity import Room, format_code

from .probes import http


def resume(room, code: str, *, source: str, headers: dict[str, str] | None = None):
    return http(room.url, "POST", "/resume", body=f"code={code}".encode(),
                headers={"Origin": room.url, **(headers or {})}, source=source)


def test_many_addresses_guessing_do_not_lock_out_a_right_code(room, figure):
    _key, alice = Room(room.root).join()
    started = time.monotonic()
    for a in range(20):
        for _ in range(10):
            resume(room, "ZZZZZ-ZZZZZ", source=f"127.0.2.{a + 1}")
    spent = time.monotonic() - started
    right = resume(room, format_code(alice.resume_code), source="127.0.0.41")
    link = http(room.url, "GET", "/rate/" + "B" * 43, source="127.0.0.42")
    figure("4 lockout: 20 addresses x 10 wrong codes", f"{spent:.1f} s, then a right code "
           f"answers {right.status}; a feedback link answers {link.status}")
    assert right.status == 200 and "Welcome back" in right.text
    assert link.status == 404  # an unknown link is still checked, not refused as 429


def test_one_address_guessing_is_slowed_and_not_checked_while_it_waits(room, figure):
    _key, bob = Room(room.root).join()
    answers = [resume(room, "ZZZZZ-ZZZZZ", source="127.0.0.43").status for _ in range(8)]
    assert answers[:4] == [400] * 4 and 429 in answers[4:]  # LVM_ROOM_FREE_GUESSES=4
    early = resume(room, format_code(bob.resume_code), source="127.0.0.43")
    assert early.status == 429 and early.cookie("lvm_trainee") is None  # not even checked
    wait = int(early.header("retry-after"))
    assert 1 <= wait <= 60 and re.search(r"\d+ second", early.text)
    figure("4 one address guessing", f"answers {answers}; must wait {wait} s")
    time.sleep(wait + 0.2)
    late = resume(room, format_code(bob.resume_code), source="127.0.0.43")
    assert late.status == 200  # after the wait, a right code is taken


def test_forwarded_addresses_are_not_believed(room, figure):
    answers = [resume(room, "ZZZZZ-ZZZZZ", source="127.0.0.44",
                      headers={"X-Forwarded-For": f"10.9.{i}.1", "X-Real-IP": f"10.9.{i}.1"}
                      ).status for i in range(8)]
    figure("4 X-Forwarded-For from loopback", f"answers {answers}")
    assert 429 in answers  # all eight counted against the one real address


def test_guessing_resume_codes_does_not_slow_feedback_links(room):
    for _ in range(8):
        resume(room, "ZZZZZ-ZZZZZ", source="127.0.0.45")
    assert resume(room, "ZZZZZ-ZZZZZ", source="127.0.0.45").status == 429
    assert http(room.url, "GET", "/rate/" + "C" * 43, source="127.0.0.45").status == 404
