"""The emailed rater's form in real headless Chromium, on a phone, with no server:
opened from a file, answered by touch and keyboard, the answer code made in the
browser, then checked and added in Python exactly as the trainee's page adds it."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from lvm_course.feedback.codes import seal
from lvm_course.feedback.form import rater_form
from lvm_course.feedback.rounds import FeedbackRound

from .conftest import HOSTILE, TIMEOUT_MS, shot
from .test_accessibility import assert_no_violations, scan
from .test_room import _cut_off_labels, _tap_targets_too_small

pytestmark = pytest.mark.browser

SCALE = ["Never", "Rarely", "Sometimes", "Often", "Always"]


@pytest.fixture(autouse=True)
def _fresh_sessions():
    from lvm_course.widgets import session as session_mod

    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()


def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(f"uncaught: {exc}"))
    return context, page


def test_the_emailed_form_works_offline_on_a_phone(browser, course, tmp_path):
    rnd = FeedbackRound(course, tmp_path / "trainee")
    rnd.set_name("Sam " + HOSTILE[0] + " " + HOSTILE[1])
    inv = rnd.invite("report")
    path = tmp_path / "feedback-form-direct-reports-1.html"
    path.write_text(rater_form(course, invitation=inv.id, secret=inv.secret, group=inv.group,
                               items=inv.items, name=rnd.name), encoding="utf-8")
    context, page = phone(browser)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback for Sam <img")
    assert page.title().startswith("Feedback for Sam")
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_text("someone they lead or supervise")).to_be_visible()
    print("\nfile:// page: secure context =", page.evaluate("window.isSecureContext"),
          "crypto.subtle =", page.evaluate("typeof crypto.subtle"))

    chosen = {}
    for n, item in enumerate(course.items):
        group = page.get_by_role("group", name=re.compile(re.escape(item.observer)))
        if n == 5:
            chosen[item.id] = None
            group.get_by_label("Not able to rate").tap()
        elif n == 6:  # by keyboard: focus the first answer, arrow right twice
            group.get_by_label("Never").focus()
            page.keyboard.press("Space")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            chosen[item.id] = 3
            expect(group.get_by_label("Sometimes")).to_be_checked()
        else:
            chosen[item.id] = 1 + (n * 2) % 5
            group.get_by_label(SCALE[chosen[item.id] - 1], exact=True).tap()
    expect(page.locator("#progress")).to_have_text("24 of 24 answered")
    page.get_by_label(re.compile("A comment for")).fill("Calm in a crisis. 👍 </script>")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _tap_targets_too_small(page) == [] and _cut_off_labels(page) == []
    page.get_by_role("button", name="Make my answer code").tap()
    code_box = page.get_by_label("Answer code", exact=True)
    expect(code_box).to_have_value(re.compile(r"^lvm360-1\."))
    code = code_box.input_value()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the answer file").click()
    answer_file = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert answer_file == {"kind": "lvm-course-360-answer", "code": code}
    page.get_by_role("button", name="Copy the code").tap()
    expect(page.locator("#copied")).not_to_be_empty()
    shot(page, "feedback_form_phone")
    assert_no_violations(scan(page, "feedback_form_phone"))

    # the same JavaScript and Python make the same code from the same nonce
    nonce = list(range(16))
    js = page.evaluate("([a, c, n]) => window.lvmSeal(a, c, new Uint8Array(n))",
                       ["0123450123" + "3" * 14, "é 👍", nonce])
    assert js == seal(inv.id, inv.secret, "0123450123" + "3" * 14, "é 👍", nonce=bytes(nonce))

    got = rnd.accept(code)  # what the trainee's page does with the pasted code
    assert got.group == "report" and got.rated == 23
    (rating,) = rnd.ratings()
    assert rating.answers == {k: v for k, v in chosen.items() if v is not None}
    assert rating.comment == "Calm in a crisis. 👍 </script>"
    assert requests == [path.as_uri()]  # nothing fetched: it works offline
    assert page.dialogs == [] and page.errors == []
    context.close()


def test_the_form_without_answers_asks_for_one(browser, course, tmp_path):
    rnd = FeedbackRound(course, tmp_path / "trainee")
    inv = rnd.invite("peer")
    path = tmp_path / "form.html"
    path.write_text(rater_form(course, invitation=inv.id, secret=inv.secret, group=inv.group,
                               items=inv.items, name=None), encoding="utf-8")
    context, page = phone(browser)
    page.goto(path.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback for your colleague")
    page.get_by_role("button", name="Make my answer code").click()
    expect(page.locator("#status")).to_contain_text("at least one statement")
    expect(page.get_by_label("Answer code", exact=True)).to_be_hidden()
    first = course.items[0].observer
    page.get_by_role("group", name=re.compile(re.escape(first))).get_by_label("Often").click()
    page.get_by_role("button", name="Make my answer code").click()
    expect(page.locator("#status")).to_contain_text("23 statement(s) had no answer")
    rnd.accept(page.get_by_label("Answer code", exact=True).input_value())
    assert rnd.ratings()[0].answers == {course.items[0].id: 4}
    context.close()


def test_four_colleagues_answer_emailed_forms_and_the_report_shows_what_may_be_shown(
        browser, home, data_copy, monkeypatch):
    """No server at all: the trainee downloads four forms (three direct reports, one
    manager, in a programme that allows the manager alone), four phones answer them from
    files, and the codes come back pasted as one email thread."""
    import base64

    from lvm_course.content import load_course
    from lvm_course.widgets import feedback

    path = data_copy / "feedback.yaml"
    path.write_text(path.read_text().replace("allow_manager_alone: false",
                                             "allow_manager_alone: true"))
    monkeypatch.setenv("LVM_COURSE_DATA", str(data_copy))
    course = load_course()
    panel = feedback()
    panel.name.value = "Jo"
    for group, n in (("report", 3), ("manager", 1)):
        panel.group.value, panel.how_many.value = group, n
        panel.make.click()
    panel.again.click()
    forms = re.findall(r'download="([^"]+)" href="data:text/html;base64,([^"]+)"',
                       panel.made.value)
    assert len(forms) == 4
    thread = []
    for n, (name, data) in enumerate(forms):
        file = home / name
        file.write_bytes(base64.b64decode(data))
        context, page = phone(browser)
        page.goto(file.as_uri())
        value = 5 if "manager" in name else 2
        for item in course.items:
            page.get_by_role("group", name=re.compile(re.escape(item.observer))).get_by_label(
                SCALE[value - 1], exact=True).tap()
        page.get_by_label(re.compile("A comment for")).fill(f"Comment number {n}")
        page.get_by_role("button", name="Make my answer code").tap()
        thread.append(f"> From colleague {n}:\n> "
                      + page.get_by_label("Answer code", exact=True).input_value())
        assert page.errors == []
        context.close()
    panel.paste.value = "\n\n".join(thread)
    panel.add.click()
    assert panel.added.value.count("added an answer") == 4
    panel.close()
    text = re.sub(r"<[^>]+>", " ", panel.report.value)
    assert "Manager (1 rater)" in text and "Direct reports (3 raters)" in text
    assert "All others (4 raters)" in text
    assert all(f"Comment number {n}" in text for n in range(4))
