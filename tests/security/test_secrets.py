"""Attack: what the room folder, a cookie or a page's headers give away.

Before, resume codes were file names in ``codes/`` (mode 755): whoever could list the
folder could sign in as anyone. The facilitator cookie was the raw key, kept for ever;
a trainee could not end a code they had read out in a corridor; Solara's pages could be
framed by any site. Now codes are stored as keyed hashes (the key is in ``room.json``,
0600), the room's folders are 0700, a trainee can get a new code (which signs out
every other browser), the facilitator cookie is a session that ends, and every page
carries a Content-Security-Policy with ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import stat

from lvm_course.room.identity import Room, format_code

from .conftest import joined
from .probes import http


def test_a_copied_codes_folder_signs_nobody_in(room, figure):
    for _ in range(3):
        Room(room.root).join()
    names = [p.stem for p in (room.root / "codes").iterdir()]
    signed_in = 0
    for name in names:
        got = http(room.url, "POST", "/resume", body=f"code={name}".encode(),
                   headers={"Origin": room.url}, source="127.0.0.61")
        signed_in += got.status == 200
        if got.status == 429:
            break
    figure("6a copied codes/ folder", f"{signed_in} of {len(names)} file names sign in")
    assert signed_in == 0
    trainees = Room(room.root).trainees()
    assert all(format_code(t.resume_code).replace("-", "") not in names for t in trainees)


def test_the_rooms_folders_are_private(room):
    for sub in ("trainees", "keys", "codes", "links", "facilitator"):
        mode = stat.S_IMODE((room.root / sub).stat().st_mode)
        assert mode & 0o077 == 0, f"{sub}/ is {oct(mode)}"
    assert stat.S_IMODE((room.root / "room.json").stat().st_mode) == 0o600


def test_a_new_resume_code_ends_the_old_one_and_the_other_browsers(room):
    r = Room(room.root)
    laptop_key, me = r.join()
    phone_key, _same = r.resume(me.resume_code)
    old = me.resume_code
    new = r.new_code(me.id, keep_key=laptop_key)
    assert new != old and r.trainee(me.id).resume_code == new
    assert r.resume(old) is None and r.resume(new) is not None
    assert r.trainee_for_key(laptop_key).id == me.id  # the browser that asked stays in
    assert r.trainee_for_key(phone_key) is None  # every other browser is signed out
    # over HTTP: the phone's old cookie now gets a fresh, empty identity
    page = http(room.url, "GET", "/", headers={"Cookie": f"lvm_trainee={phone_key}"},
                source="127.0.0.62")
    assert page.cookie("lvm_trainee") not in (None, phone_key)


def test_the_facilitator_cookie_is_a_session_that_ends(room, figure):
    landing = http(room.url, "GET", f"/facilitator?token={room.token}", source="127.0.0.63")
    cookie = [c for c in landing.headers["set-cookie"] if c.startswith("lvm_facilitator=")][0]
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    figure("6b facilitator cookie", "raw key" if value == room.token else
           f"a session ({[p.strip() for p in cookie.split(';') if 'Max-Age' in p]})")
    assert value != room.token and "Max-Age=" in cookie and "SameSite=Strict" in cookie
    as_key = http(room.url, "GET", "/board", source="127.0.0.63",
                  headers={"Cookie": f"lvm_facilitator={room.token}"})
    assert as_key.status == 403  # the key itself is for the link, not a cookie
    assert http(room.url, "GET", "/board", headers={"Cookie": f"lvm_facilitator={value}"},
                source="127.0.0.63").status == 200


def test_every_page_forbids_framing_and_other_origins(room, figure):
    cookie = joined(room, source="127.0.0.64")
    pages = {"/": cookie, "/part/01_two_roles": cookie, "/resume": "", "/rate/" + "D" * 43: ""}
    seen = {}
    for path, sent in pages.items():
        got = http(room.url, "GET", path, headers={"Cookie": sent} if sent else {},
                   source="127.0.0.64")
        csp = got.header("content-security-policy") or ""
        seen[path] = bool(csp)
        assert "frame-ancestors 'none'" in csp, (path, csp)
        assert "default-src" in csp and "*" not in csp.replace("*.", ""), (path, csp)
        assert got.header("x-frame-options") == "DENY", path
    figure("6c CSP on pages", ", ".join(f"{p}: {'yes' if v else 'no'}" for p, v in seen.items()))


def test_a_trainees_cookie_opens_no_facilitator_page(room):
    cookie = joined(room, source="127.0.0.65")
    for path in ("/facilitator", "/board", "/stage", "/resourcez"):
        got = http(room.url, "GET", path, headers={"Cookie": cookie}, source="127.0.0.65")
        assert got.status in (403, 404), (path, got.status)
