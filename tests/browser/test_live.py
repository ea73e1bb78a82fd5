"""The live session in real browsers: the facilitator asks the room, every phone answers,
the stage draws it. One browser context per person (phones and laptops), over a room
of this module's own, so a question left open never reaches another module's pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..servers import start_room
from .conftest import TIMEOUT_MS, shot
from .test_accessibility import assert_no_violations, scan

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = start_room(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture
def people(browser):
    """``open(kind)``: a new person's page (``phone``, ``laptop`` or ``projector``); every
    context is closed after the test, and every page's console errors are checked."""
    made = []

    def open_(kind: str = "phone", context=None):
        if context is None:
            sizes = {"phone": dict(viewport={"width": 360, "height": 740}, is_mobile=True,
                                   has_touch=True, device_scale_factor=2),
                     "laptop": dict(viewport={"width": 1280, "height": 900}),
                     "projector": dict(viewport={"width": 1920, "height": 1080})}
            context = browser.new_context(**sizes[kind])
            context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: page.errors.append(f"uncaught: {exc}"))
        made.append((context, page))
        return page

    yield open_
    for _context, page in made:
        # a page open through a restart of the room tries the room while it is down
        # (refused while it is down; a frame cut off when it stopped)
        errors = [e for e in page.errors if not (getattr(page, "through_restart", False) and (
            "ERR_CONNECTION_REFUSED" in e or "Invalid frame header" in e))]
        assert errors == [], (page.url, errors)
    for context in {id(c): c for c, _p in made}.values():
        context.close()


def facilitator(room, people):
    lead = people("laptop")
    lead.goto(f"{room.url}/facilitator?token={room.token}")
    lead.get_by_role("heading", name="Ask the room").wait_for()
    return lead


def stage(room, people, lead):
    """The projector: the facilitator's own browser, a second window at 1920x1080."""
    page = people(context=lead.context)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{room.url}/stage")
    page.locator(".lvm-stage-main").wait_for()
    return page


def phone(room, people, part: str = "02_key_differences", kind: str = "phone"):
    page = people(kind)
    page.goto(f"{room.url}/part/{part}")
    page.locator(".lvm-partnav").wait_for(timeout=90_000)
    return page


def ask(lead, part: str, text: str) -> None:
    """Choose the part, then *Ask the room* on the activity that shows ``text``."""
    select = lead.locator(".lvm-live-controls .widget-dropdown").filter(
        has=lead.get_by_text("Part", exact=True)).locator("select")
    label = next(o for o in select.locator("option").all_inner_texts() if o.startswith(part))
    select.select_option(label=label)
    row = lead.locator(".lvm-live-controls .widget-vbox").filter(has_text=text).last
    row.get_by_role("button", name="Ask the room").click()
    expect(lead.locator(".lvm-live-controls")).to_contain_text("taking answers")


def tap(page, label: str) -> None:
    page.locator(".lvm-live-choices").get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".lvm-live")).to_contain_text("Your answer is in")


def put_away(lead) -> None:
    button = lead.get_by_role("button", name="Put it away")
    if button.is_enabled():
        button.click()
    expect(lead.locator(".lvm-live-controls")).to_contain_text("Nothing is asked now")


def test_a_question_reaches_every_phone_counts_once_and_closes(room, people):
    lead = facilitator(room, people)
    screen = stage(room, people, lead)
    phones = [phone(room, people) for _ in range(3)]
    ask(lead, "01", "Draws up the staff rota")
    for p in phones:  # on top of the part each is in
        expect(p.locator(".lvm-live-region")).to_contain_text("Draws up the staff rota")
        assert p.locator(".lvm-partnav").count() == 1  # their place is kept
    late = phone(room, people, part="05_self_profile")  # joins after the question
    expect(late.locator(".lvm-live-region")).to_contain_text("Draws up the staff rota")
    tap(phones[0], "Leading")
    tap(phones[0], "Managing")  # changed: still one answer
    second_tab = people(context=phones[0].context)  # the same trainee, another tab
    second_tab.goto(f"{room.url}/part/03_ward_round")
    expect(second_tab.locator(".lvm-live-region")).to_contain_text("Draws up the staff rota")
    tap(second_tab, "Managing")
    tap(phones[1], "Managing")
    expect(screen.locator(".lvm-stage-count")).to_contain_text("2 of")
    expect(screen.locator(".lvm-stage-main")).to_contain_text("appear from 3 answers")
    tap(phones[2], "Both")
    expect(screen.locator(".lvm-stage-count")).to_contain_text("3 of")
    expect(screen.locator(".lvm-live-bars")).to_contain_text("2 (67%)")
    lead.get_by_role("button", name="Close answers").click()
    expect(late.locator(".lvm-live-region")).to_contain_text("Answers are closed")
    late.locator(".lvm-live-choices").get_by_role("button", name="Leading").click(force=True)
    expect(screen.locator(".lvm-stage-count")).to_contain_text("3 of")  # nothing taken
    lead.get_by_role("button", name="Show the answer").click()
    expect(screen.locator(".lvm-stage-main")).to_contain_text("The course's answer: Managing")
    for p in (*phones, late):
        expect(p.locator(".lvm-live-region")).to_contain_text("The course's answer:")
        expect(p.locator(".lvm-live-region")).to_contain_text("2 (67%)")
    shot(screen, "live_stage_revealed")
    shot(phones[0], "live_phone_revealed")
    lead.get_by_role("button", name="Next").click()
    for p in phones:
        expect(p.locator(".lvm-live")).to_be_hidden()
    put_away(lead)
    # nothing live went into anyone's own answers or the group folder
    saved = " ".join(f.read_text() for f in Path(room.root).glob("trainees/*/**/*.json"))
    assert "live-rota" not in saved and not list(Path(room.root).glob("group/**/*.json"))


def test_words_never_show_unapproved_or_blocked(room, people):
    lead = facilitator(room, people)
    screen = stage(room, people, lead)
    a, b = phone(room, people), phone(room, people)
    ask(lead, "03", "One word for what your team needs from you")
    a.get_by_label("Your words").fill("Clarity")
    a.get_by_role("button", name="Send").click()
    b.get_by_label("Your words").fill("bollocks")
    b.get_by_role("button", name="Send").click()
    expect(lead.locator(".lvm-live-controls")).to_contain_text("1 held back by the blocklist")
    expect(screen.locator(".lvm-stage-main")).to_contain_text("2 answers in")
    assert "Clarity" not in screen.locator(".lvm-stage-main").inner_text()
    lead.get_by_role("button", name="Show: Clarity").click()
    expect(screen.locator(".lvm-live-wordlist")).to_contain_text("clarity: 1")
    assert "bollocks" not in screen.content() and "bollocks" not in lead.content()
    put_away(lead)


def test_a_trainees_page_cannot_use_the_facilitators_controls(room, people):
    """Through its own connection, a trainee's page sends clicks to the model ids of the
    facilitator's buttons (read off the facilitator's own connection): nothing moves."""
    lead_messages: list[str] = []
    lead = people("laptop")

    def watch(ws) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda m: (lead_messages.append(m) if isinstance(m, str) else None,
                                     ws.send(m)))
    lead.route_web_socket(re.compile(r"/jupyter/api/kernels/"), watch)
    lead.goto(f"{room.url}/facilitator?token={room.token}")
    lead.get_by_role("heading", name="Ask the room").wait_for()
    buttons = {}
    for text in lead_messages:
        if '"comm_open"' not in text:
            continue
        msg = json.loads(text)
        state = msg.get("content", {}).get("data", {}).get("state", {})
        if state.get("_model_name") == "ButtonModel":
            buttons.setdefault(state.get("description"), []).append(msg["content"]["comm_id"])
    assert buttons.get("Ask the room") and buttons.get("Close answers"), sorted(buttons)

    links: list = []
    trainee = people()

    def through(ws) -> None:
        links.append(ws.connect_to_server())
    trainee.route_web_socket(re.compile(r"/jupyter/api/kernels/"), through)
    trainee.goto(f"{room.url}/part/01_two_roles")
    trainee.locator(".lvm-partnav").wait_for(timeout=90_000)
    for name in ("Ask the room", "Close answers", "Show the answer", "Next", "Ask this"):
        for comm in buttons.get(name, []):
            links[-1].send(json.dumps({
                "header": {"msg_id": f"x-{comm}", "msg_type": "comm_msg", "session": "s",
                           "username": "", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"comm_id": comm, "data": {"method": "custom",
                                                      "content": {"event": "click"}}}}))
    trainee.wait_for_timeout(2_000)
    expect(lead.locator(".lvm-live-controls")).to_contain_text("Nothing is asked now")
    expect(trainee.locator(".lvm-live")).to_be_hidden()
    assert not (Path(room.root) / "live" / "session.json").exists() or \
        json.loads((Path(room.root) / "live" / "session.json").read_text())["question"] is None
    assert trainee.locator(".lvm-live-controls").count() == 0  # never on a trainee's page


def test_a_restart_mid_question_keeps_the_question_and_its_answers(room, people):
    lead = facilitator(room, people)
    phones = [phone(room, people) for _ in range(3)]
    ask(lead, "01", "Runs a ward round from start to finish")
    for p in phones[:2]:
        tap(p, "Both")
    for p in (lead, *phones):
        p.through_restart = True
    room.restart()  # the facilitator's laptop restarts the room
    for p in phones:  # each page reloads itself and finds the question still open
        expect(p.locator(".lvm-live-region")).to_contain_text("Runs a ward round",
                                                              timeout=90_000)
    lead.reload()
    expect(lead.locator(".lvm-live-controls")).to_contain_text("taking answers",
                                                               timeout=90_000)
    expect(lead.locator(".lvm-live-controls")).to_contain_text("2 of")
    tap(phones[2], "Both")
    expect(lead.locator(".lvm-live-controls")).to_contain_text("3 of")
    expect(phones[0].locator(".lvm-live-choices button.mod-active")).to_have_text("Both")
    put_away(lead)


def test_the_rooms_scenario_follows_the_majority(room, people):
    from lvm_course.content import load_course

    sc = load_course().scenario("ward-round")
    first = sc.steps[0]
    lead = facilitator(room, people)
    screen = stage(room, people, lead)
    phones = [phone(room, people) for _ in range(3)]
    ask(lead, "03", "The morning ward round")
    labels = [c.label for c in first.choices]
    for p, label in zip(phones, [labels[1], labels[1], labels[0]], strict=True):
        tap(p, label)
    lead.get_by_role("button", name="Close answers").click()
    lead.get_by_role("button", name="Show what happens").click()
    majority = first.choices[1]
    expect(screen.locator(".lvm-stage-main")).to_contain_text("The room chose")
    expect(screen.locator(".lvm-stage-main")).to_contain_text(majority.consequence[:50])
    assert majority.feedback[:40] not in screen.locator(".lvm-stage-main").inner_text()
    lead.get_by_role("button", name="Show the answer").click()
    expect(screen.locator(".lvm-stage-main")).to_contain_text(majority.feedback[:40])
    lead.get_by_role("button", name="Next").click()
    following = next(s for s in sc.steps if s.id == majority.next)
    for p in phones:
        expect(p.locator(".lvm-live-region")).to_contain_text(following.title)
    put_away(lead)


@pytest.mark.parametrize("width", [360, 1920])
def test_axe_finds_nothing_on_the_stage_the_controls_and_the_banner(room, people, width):
    lead = facilitator(room, people)
    lead.set_viewport_size({"width": width, "height": 1080 if width > 1000 else 740})
    screen = stage(room, people, lead)
    screen.set_viewport_size({"width": width, "height": 1080 if width > 1000 else 740})
    trainee = phone(room, people, kind="phone" if width < 1000 else "laptop")
    trainee.set_viewport_size({"width": width, "height": 1080 if width > 1000 else 740})
    others = [phone(room, people) for _ in range(2)]
    ask(lead, "04", "infection-control audit")
    for p in (trainee, *others):  # three answers: the bars are drawn and scanned too
        tap(p, "Manage")
    lead.get_by_role("button", name="Close answers").click()
    lead.get_by_role("button", name="Show the answer").click()
    expect(trainee.locator(".lvm-live-region")).to_contain_text("The course's answer")
    for page, name in ((screen, "stage"), (lead, "controls"), (trainee, "banner")):
        assert_no_violations(scan(page, f"live {name} at {width}px"))
    put_away(lead)

