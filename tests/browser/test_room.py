"""The room (``make room``) in a real browser: many trainees on one server, each private.

Every trainee is a separate browser context (own cookies, as separate phones and
laptops are). The room server is started once per session (``room`` fixture) over its
own room folder, exactly as ``lvm-course room`` starts it.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lvm_course.content import load_course
from lvm_course.room.identity import Room

from .conftest import TIMEOUT_MS, shot, toggle
from .test_accessibility import assert_no_violations, scan

pytestmark = pytest.mark.browser

PARTS = [nb.id for nb in load_course().notebooks]
KEY = "lvm_trainee"


def trainee(browser, room, *, phone: bool = False, cookie: str | None = None):
    """A new browser context (a new device), optionally already holding a trainee key."""
    if phone:
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                      has_touch=True, device_scale_factor=2)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    if cookie:
        context.add_cookies([{"name": KEY, "value": cookie, "url": room.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.front_end_errors = errors
    return context, page


def open_05(page, room) -> None:
    page.goto(f"{room.url}/part/05_self_profile")
    page.locator(".widget-toggle-buttons button").first.wait_for(timeout=90_000)


def answer(page, item: int, label: str, answered: int) -> None:
    toggle(page, item).get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_text(f"{answered} of 24 answered")).to_be_visible()


def chosen(page, item: int) -> str | None:
    active = toggle(page, item).locator("button.mod-active")
    return active.inner_text().strip() if active.count() else None


def resume_code(page, room) -> str:
    page.goto(f"{room.url}/")
    box = page.locator(".lvm-resume")
    box.wait_for(timeout=90_000)
    found = re.search(r"[0-9A-Z]{5}-[0-9A-Z]{5}", box.inner_text())
    assert found, box.inner_text()
    return found.group(0)


def complete_profile(room, value_of=lambda n: 1 + n % 5) -> str:
    """A trainee who has answered every item (as if they had clicked through 05)."""
    key, who = Room(room.root).join()
    answers = {item.id: value_of(n) for n, item in enumerate(load_course().items)}
    folder = who.home / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "questionnaire.json").write_text(json.dumps(
        {"answers": answers, "created": "2026-11-24T09:00:00+00:00"}), encoding="utf-8")
    return key


def test_trainees_never_see_each_other_and_a_resume_code_brings_one_back(browser, room):
    ctx_a, alice = trainee(browser, room)
    ctx_b, bob = trainee(browser, room)
    open_05(alice, room)
    expect(alice.get_by_text("0 of 24 answered")).to_be_visible()
    answer(alice, 1, "Often", 1)

    open_05(bob, room)  # a second visitor, a fresh browser
    expect(bob.get_by_text("0 of 24 answered")).to_be_visible()
    assert bob.locator(".widget-toggle-buttons button.mod-active").count() == 0
    answer(bob, 2, "Rarely", 1)

    alice.reload()
    alice.locator(".widget-toggle-buttons button").first.wait_for()
    expect(alice.get_by_text("1 of 24 answered")).to_be_visible()
    assert chosen(alice, 1) == "Often" and chosen(alice, 2) is None

    code = resume_code(alice, room)  # on Alice's start page
    ctx_c, again = trainee(browser, room)  # Alice on her phone
    again.goto(f"{room.url}/resume")
    again.get_by_label("Resume code").fill(code.lower())
    again.get_by_role("button", name="Carry on").click()
    expect(again.get_by_text("Welcome back")).to_be_visible()
    open_05(again, room)
    expect(again.get_by_text("1 of 24 answered")).to_be_visible()
    assert chosen(again, 1) == "Often"
    answer(again, 3, "Sometimes", 2)  # the phone adds to what the laptop saved

    open_05(alice, room)  # back on the laptop
    expect(alice.get_by_text("2 of 24 answered")).to_be_visible()
    bob.reload()
    bob.locator(".widget-toggle-buttons button").first.wait_for()
    expect(bob.get_by_text("1 of 24 answered")).to_be_visible()
    assert chosen(bob, 1) is None and chosen(bob, 3) is None
    for page in (alice, bob, again):
        assert page.front_end_errors == []
    shot(again, "room_resumed_on_another_device")
    for ctx in (ctx_a, ctx_b, ctx_c):
        ctx.close()


def test_a_wrong_resume_code_changes_nothing(browser, room):
    ctx, page = trainee(browser, room)
    page.goto(f"{room.url}/resume")
    page.get_by_label("Resume code").fill("ZZZZZ-ZZZZZ")
    page.get_by_role("button", name="Carry on").click()
    expect(page.get_by_role("alert")).to_contain_text("not found")
    assert not [c for c in ctx.cookies() if c["name"] == KEY]
    ctx.close()


def test_a_dropped_connection_and_a_server_restart_lose_nothing(browser, room):
    ctx, page = trainee(browser, room)
    links: list = []  # the page's connections, passed through so a test can cut one

    def through(ws) -> None:
        ws.connect_to_server()
        links.append(ws)

    page.route_web_socket(re.compile(r"/jupyter/api/kernels/"), through)
    open_05(page, room)
    answer(page, 4, "Always", 1)
    page.evaluate("window.__same_page = true")  # a reload would forget this
    links[-1].close(code=4000, reason="wifi dropped")  # the connection drops
    page.wait_for_timeout(3000)
    answer(page, 6, "Rarely", 2)  # the page reconnected to its place and works
    assert len(links) >= 2  # a new connection...
    assert page.evaluate("window.__same_page === true")
    assert chosen(page, 4) == "Always"  # ...to the same page, nothing reloaded
    room.restart()  # the facilitator's laptop restarts the room mid-session
    # the page notices, reloads itself and comes back with what was saved
    expect(page.get_by_text("2 of 24 answered")).to_be_visible(timeout=90_000)
    page.locator(".widget-toggle-buttons button").first.wait_for(timeout=90_000)
    assert chosen(page, 4) == "Always" and chosen(page, 6) == "Rarely"
    answer(page, 5, "Often", 3)  # and it works
    ctx.close()


def test_facilitator_pages_refuse_trainees_and_the_board_fills_by_itself(browser, room):
    ctx_t, pupil = trainee(browser, room)
    for path in ("/board", "/facilitator"):
        response = pupil.goto(f"{room.url}{path}")
        assert response.status == 403
        expect(pupil.get_by_text("For the facilitator only").first).to_be_visible()

    ctx_f, lead = trainee(browser, room)
    lead.goto(f"{room.url}/facilitator?token={room.token}")
    assert lead.url == f"{room.url}/facilitator"  # the key left the address bar
    qr = lead.locator("svg.lvm-qr")
    expect(qr).to_be_visible()
    expect(qr).to_have_attribute("aria-label", re.compile(r"^QR code for http://"))
    lead.get_by_role("link", name="Open the group board").click()
    expect(lead.get_by_text(re.compile(r"0 profiles shared in group 'room'"))).to_be_visible(
        timeout=90_000)
    expect(lead.get_by_label("Group", exact=True)).to_be_hidden()  # nothing to pick or type

    sharers = []
    for n in range(5):
        ctx, page = trainee(browser, room, cookie=complete_profile(room))
        open_05(page, room)
        expect(page.get_by_text("24 of 24 answered", exact=False)).to_be_visible()
        expect(page.get_by_label("Group name")).to_be_hidden()  # the room is the group
        page.get_by_label("I agree to share an anonymous copy of my scores").check()
        page.get_by_role("button", name="Share with my group").click()
        expect(page.get_by_text("Shared with group 'room'")).to_be_visible()
        sharers.append(ctx)
        if n == 3:  # live: the board catches up on its own, no Refresh pressed
            expect(lead.get_by_text(re.compile(
                r"4 profiles shared in group 'room'; 1 more needed"))).to_be_visible(
                timeout=30_000)
            expect(lead.locator("img.lvm-chart")).to_have_count(0)
    radar = lead.locator("img.lvm-chart").first
    expect(radar).to_be_visible(timeout=30_000)
    expect(radar).to_have_attribute("alt", re.compile(r"^Group radar of 5 profiles"))
    assert list((room.root / "group" / "room").glob("*.json"))
    shot(lead, "room_board_filled")
    for ctx in (ctx_t, ctx_f, *sharers):
        ctx.close()


PROBES = ["/room.json", "/trainees/", "/keys/", "/group/room/", "/facilitator/",
          "/static/public/room.json", "/static/assets/../../room.json",
          "/static/../room.json", "/_solara/cdn/../../room.json",
          "/jupyter/nbextensions/../../room.json", "/room-static/../identity.py",
          "/room-static/room.json", "/resourcez", "/board", "/facilitator",
          "/part/../room.json", "/api/contents/", "/files/room.json", "/voila/tree"]


def test_a_trainee_page_cannot_fetch_room_files_or_reach_other_pages(browser, room):
    ctx, page = trainee(browser, room)
    open_05(page, room)
    key = next(c["value"] for c in ctx.cookies() if c["name"] == KEY)
    secrets = [room.token, key, "resume_code", "facilitator_token"]
    results = page.evaluate("""async (paths) => {
        const out = [];
        for (const p of paths) {
            const r = await fetch(p, {redirect: 'manual'});
            out.push([p, r.status, await r.text()]);
        }
        return out;
    }""", PROBES)
    for path, status, body in results:
        assert not any(s in body for s in secrets), path
        assert status in (0, 403, 404) or status == 200 and "<html" in body.lower(), \
            (path, status)
    assert page.evaluate("document.cookie").find(KEY) == -1  # HttpOnly: no script sees it
    ctx.close()


EXECUTE = """async ([kernel, code]) => {
    const url = `ws://${location.host}/jupyter/api/kernels/${kernel}/channels` +
                `?session_id=${crypto.randomUUID()}`;
    const ws = new WebSocket(url);
    const got = [];
    ws.onmessage = (e) => got.push(typeof e.data === 'string' ? e.data : '[binary]');
    await new Promise((ok) => { ws.onopen = ok; ws.onerror = ok; ws.onclose = ok; });
    if (ws.readyState === 1) {
        ws.send(JSON.stringify({header: {msg_id: 'x1', msg_type: 'execute_request',
                session: 's', username: '', version: '5.3', date: ''}, parent_header: {},
                metadata: {}, content: {code, silent: false, store_history: false,
                user_expressions: {}, allow_stdin: false}, channel: 'shell', buffers: []}));
    }
    await new Promise((ok) => setTimeout(ok, 2500));
    const state = ws.readyState;
    ws.close();
    return {state, got};
}"""


def test_a_trainee_browser_cannot_run_code_or_join_another_trainees_page(browser, room,
                                                                         tmp_path):
    marker = tmp_path / "ran.txt"
    code = f"open({str(marker)!r}, 'w').write('pwned')"
    ctx_a, alice = trainee(browser, room)
    kernels: list[str] = []
    alice.on("websocket", lambda ws: kernels.append(ws.url))
    open_05(alice, room)
    alice_kernel = re.search(r"/kernels/([0-9a-f-]+)", kernels[0]).group(1)

    ctx_b, bob = trainee(browser, room)
    open_05(bob, room)
    own = bob.evaluate(EXECUTE, [str(__import__("uuid").uuid4()), code])
    theirs = bob.evaluate(EXECUTE, [alice_kernel, code])
    time.sleep(1)
    assert not marker.exists()  # no code ran, on a new page or on Alice's
    assert own["state"] in (2, 3)  # the server shut the page that asked to execute
    assert any("mismatch" in m for m in theirs["got"]) or theirs["state"] in (2, 3)
    answer(alice, 6, "Often", 1)  # Alice's page is unharmed
    ctx_a.close()
    ctx_b.close()


def test_ten_trainees_joining_at_once_all_get_a_working_questionnaire(browser, room):
    devices = [trainee(browser, room) for _ in range(10)]
    t0 = time.monotonic()
    for _, page in devices:  # all ten requests go out before any page is waited for
        page.goto(f"{room.url}/part/05_self_profile", wait_until="commit")
    for _, page in devices:
        page.locator(".widget-toggle-buttons button").first.wait_for(timeout=120_000)
    for n, (_, page) in enumerate(devices):
        answer(page, 1 + n % 6, "Often", 1)  # each answer is its trainee's own
    elapsed = time.monotonic() - t0
    keys = {c["value"] for ctx, _ in devices for c in ctx.cookies() if c["name"] == KEY}
    assert len(keys) == 10
    assert [page.front_end_errors for _, page in devices] == [[]] * 10
    print(f"10 joiners: all answered within {elapsed:.1f} s")
    for ctx, _ in devices:
        ctx.close()


def _tap_targets_too_small(page) -> list[str]:
    return page.evaluate("""() => {
        const sel = 'button, input:not([type=hidden]), select, textarea, ' +
                    '.widget-checkbox label, .widget-radio-box label, .lvm-partnav a, ' +
                    'a.lvm-button, .lvm-brand';
        const bad = [];
        for (const el of document.querySelectorAll(sel)) {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
            if ((el.type === 'checkbox' || el.type === 'radio') && el.closest('label'))
                continue;  // the whole label is the target
            if (r.height < 44 - 0.5) bad.push(`${el.tagName}.${el.className} "${
                (el.innerText || el.value || '').slice(0, 30)}" ${r.width}x${r.height}`);
        }
        return bad;
    }""")


def _cut_off_labels(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll(
            'button, .widget-label, .widget-toggle-button')]
        .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
        .map(b => `${b.className}: ${b.innerText.slice(0, 40)}`)""")


@pytest.mark.parametrize("path", ["/", *[f"/part/{p}" for p in PARTS[1:]], "/resume",
                                  "/facilitator", "/board"])
def test_every_room_page_works_on_a_phone(browser, room, path):
    """360 x 740: no sideways scrolling, no label cut off, touch targets of 44 px, and
    axe-core finds nothing of any impact."""
    ctx, page = trainee(browser, room, phone=True)
    if path in ("/facilitator", "/board"):
        page.goto(f"{room.url}{path}?token={room.token}")
    else:
        page.goto(f"{room.url}{path}")
    ready = ".lvm-main form" if path == "/resume" else ".lvm-main .jupyter-widgets"
    page.locator(ready).first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)  # late widgets (radar, tables) settle
    name = "room_phone_" + (path.strip("/").replace("/", "_") or "start")
    shot(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    assert _cut_off_labels(page) == [], name
    assert _tap_targets_too_small(page) == [], name
    text = page.locator("body").inner_text()
    assert "Run All Cells" not in text and "Shift + Enter" not in text
    assert page.evaluate("document.documentElement.lang") == "en"
    viewport = page.locator('meta[name="viewport"]').first.get_attribute("content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    assert page.title().endswith("Leadership and management") or path == "/resume"
    assert_no_violations(scan(page, name))
    assert page.front_end_errors == []
    ctx.close()


def test_the_room_folder_holds_everything_and_only_hashed_keys(room):
    root: Path = room.root
    assert (root / "room.json").is_file() and (root / "trainees").is_dir()
    for path in (root / "keys").glob("*.json"):
        assert re.fullmatch(r"[0-9a-f]{64}\.json", path.name)


QUIZ_LEADERSHIP = 'button[title="Mainly about direction, people and change"]'


def test_the_facilitator_presents_live_slides_served_with_the_room(browser, room):
    """``make room`` also serves the slides, on 127.0.0.1 only; the facilitator page links
    each part, a slide's quiz is live, and its answer stays out of every trainee's folder
    and out of the group board."""
    ctx, lead = trainee(browser, room)
    lead.goto(f"{room.url}/facilitator?token={room.token}")
    expect(lead.get_by_role("heading", name="Slides to present")).to_be_visible(timeout=90_000)
    links = lead.locator(".lvm-slides-list a")
    expect(links).to_have_count(len(PARTS))
    href = links.nth(1).get_attribute("href")
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/voila/render/01_two_roles\.ipynb", href)
    assert links.nth(1).get_attribute("target") == "_blank"

    asked: list[str] = []
    ctx.on("request", lambda r: asked.append(r.url) if not r.url.startswith(
        (room.url, href.split("/voila/")[0], "data:", "blob:")) else None)
    with ctx.expect_page() as opened:
        links.nth(1).click()
    deck = opened.value
    deck.on("pageerror", lambda exc: lead.front_end_errors.append(f"slides: {exc}"))
    slides = deck.locator(".reveal .slides > section")
    slides.first.wait_for(state="attached", timeout=90_000)
    button = deck.locator(QUIZ_LEADERSHIP)
    button.wait_for(state="attached", timeout=90_000)  # the live widget is drawn
    for _ in range(slides.count()):  # the presenter's arrow key, to the quiz slide
        if button.evaluate("b => b.closest('section').classList.contains('present')"):
            break
        before = deck.evaluate("location.hash")
        deck.keyboard.press("ArrowRight")
        deck.wait_for_function("old => location.hash !== old", arg=before)
    trainees_before = {p: p.read_bytes()
                       for p in (room.root / "trainees").glob("*/answers/*.json")}
    button.click()
    expect(deck.locator("section.present [role=status]").filter(
        has_text=re.compile(r"Correct:|Counts:|Not quite:"))).to_be_visible()

    mine = room.root / "facilitator" / "answers" / "quiz.json"
    deadline = time.monotonic() + 30
    while not mine.is_file() and time.monotonic() < deadline:  # the kernel saves it
        time.sleep(0.2)
    assert '"choice": "leadership"' in mine.read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in (room.root / "trainees").glob("*/answers/*.json")
            } == trainees_before  # no trainee's answers touched
    assert not (room.root / "group" / "facilitator").exists()
    assert asked == [] and lead.front_end_errors == []
    shot(deck, "room_slides_quiz")
    ctx.close()
