"""Journey 4: presenting. Voila's reveal template shows a slide with a live widget.

``make present SLIDES=1`` serves the notebooks with ``voila_command(..., slides=True)``
(our ``lvm-slides`` template over Voila's reveal template, working offline). The test
moves through the slides with the on-screen arrow and the arrow key, as a presenter
does, until the quiz slide is the present one, clicks an answer with the mouse and
sees the feedback: the widget on the slide is live (a kernel behind it). The
browser has no internet, so the test also proves the slides need none.

What jupyterlab-rise (0.43.1) does with the same notebook is recorded by the second
test, so that a change of pins that fixes it is noticed: slides render, our HTML
outputs render, but the widget manager does not load inside RISE's page, so every
activity shows only its text fallback ``VBox(children=...)``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import front_end_errors, shot, wait_kernel_idle

pytestmark = pytest.mark.browser

LEADERSHIP = 'button[title="Mainly about direction, people and change"]'
FEEDBACK = re.compile(r"Correct:|Counts:|Not quite:")


def test_reveal_slides_show_a_live_quiz(page, voila_slides):
    voila_slides.forget("quiz")
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url)
            if not r.url.startswith((voila_slides.url, "data:", "blob:")) else None)
    page.goto(f"{voila_slides.url}/voila/render/01_two_roles.ipynb",
              wait_until="domcontentloaded")
    slides = page.locator(".reveal .slides > section")
    slides.first.wait_for(state="attached", timeout=90_000)
    button = page.locator(LEADERSHIP)
    button.wait_for(state="attached", timeout=90_000)  # the widget view is rendered
    assert slides.count() >= 5
    # Our stylesheet, served by Voila itself: reveal has laid the slides out.
    assert page.evaluate("getComputedStyle(document.querySelector('.reveal .slides'))"
                         ".position") == "absolute"

    def on_present_slide() -> bool:
        return button.evaluate("b => b.closest('section').classList.contains('present')")

    # The on-screen arrow works with the mouse; then the keyboard, as a presenter does.
    before = page.evaluate("location.hash")
    page.get_by_role("button", name=re.compile("next slide", re.I)).click()
    page.wait_for_function("old => location.hash !== old", arg=before)
    for _ in range(slides.count()):
        if on_present_slide():
            break
        before = page.evaluate("location.hash")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("old => location.hash !== old", arg=before)
    assert on_present_slide(), "the quiz slide was never reached with the arrow key"
    expect(page.locator(".reveal section.present:not(:has(section))").filter(
        has_text="Quiz: leading, managing or both?")).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^Statement 1 of 12"))).to_be_attached()
    # Slides that are not shown cannot be clicked or reached with Tab.
    hidden = page.locator(".reveal .slides > section.past").first
    assert hidden.evaluate("s => getComputedStyle(s).visibility") == "hidden"

    button.click()  # a real mouse click on the slide, as in the room
    feedback = page.locator("section.present [role=status]").filter(has_text=FEEDBACK)
    expect(feedback).to_be_visible()
    expect(page.locator(LEADERSHIP)).to_be_disabled()
    expect(page.get_by_role("button", name="Next statement ▶")).to_be_visible()
    store = voila_slides.home / "answers" / "quiz.json"
    assert '"choice": "leadership"' in store.read_text(encoding="utf-8")  # saved by the kernel
    # Offline-ready: nothing (reveal.js, jQuery, Font Awesome) is fetched from the internet.
    assert external == []
    assert "Run All Cells" not in page.locator(".reveal").inner_text()  # lab-only cells left out
    assert front_end_errors(page) == []
    shot(page, "voila_reveal_quiz_slide")


def test_rise_renders_slides_but_not_our_widgets(page, lab):
    """Canary for jupyterlab-rise: if widgets start to render here, revisit the README."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{lab.url}/rise/01_two_roles.ipynb", wait_until="domcontentloaded")
    page.locator(".reveal .slides section").first.wait_for(state="attached")
    cells = page.locator(".jp-CodeCell")
    expect(cells.first).to_be_visible()  # reveal has laid out the first slide
    wait_kernel_idle(page, "01_two_roles.ipynb")
    n = cells.count()
    assert n >= 7
    outputs = page.locator(".jp-OutputArea-output")
    objectives = outputs.filter(has_text="In this part you will")
    # The slideshow connects to its kernel a little after the server reports it idle;
    # a cell run before that is silently dropped, so the first cell is run until it shows
    # (on a fresh clone Lab's first start is slow: up to two minutes on 2 cores).
    # Shift+Enter moves on to the next cell and reveal to its slide, so a retry opens the
    # slideshow afresh at its first slide (its kernel, already started, is kept).
    for attempt in range(8):
        if attempt:
            page.goto("about:blank")
            page.goto(f"{lab.url}/rise/01_two_roles.ipynb", wait_until="domcontentloaded")
            expect(cells.first).to_be_visible()
        cells.first.click(force=True)
        page.keyboard.press("Shift+Enter")
        try:
            expect(objectives).to_have_count(1, timeout=15_000)  # HTML outputs render
            break
        except AssertionError:
            continue
    expect(objectives).to_have_count(1)
    for i in range(1, n):  # run each code cell in the slideshow, as a presenter would
        cells.nth(i).click(force=True)
        page.keyboard.press("Shift+Enter")
    fallback = outputs.filter(has_text=re.compile(r"^VBox\(children="))
    # pair explorer, quiz and the "think it over" box: text instead of widgets
    expect(fallback).to_have_count(3)
    assert page.locator(".jupyter-widgets").count() == 0
    assert any("jupyterlab-manager" in e or "Shared module" in e for e in errors), errors[:5]
    show_slide_of(page, fallback.nth(1), steps=n + 6)  # the quiz's slide, for the screenshot
    shot(page, "rise_01_widgets_as_text")


def show_slide_of(page, element, steps: int) -> None:
    """Go back through the slides (at most ``steps``) until ``element`` is on screen."""
    for _ in range(steps):
        if element.evaluate("e => e.closest('section.present') !== null"):
            return
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(300)  # reveal's slide transition; nothing to wait on
