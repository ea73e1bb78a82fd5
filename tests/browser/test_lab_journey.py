"""Journey 1: a trainee in JupyterLab fills in the questionnaire, restarts, exports.

Opens ``05_self_profile`` in a fresh Lab workspace, runs all cells from the Run menu,
answers all 24 items by clicking the how-often buttons page by page (one of them "Not
applicable to my role"), watches the progress line reach "24 of 24" and the radar
``<img>`` being replaced, restarts the kernel and runs again (every answer still
selected, the not-applicable one too), then exports the PDF handout and finds it on
disk.
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from .conftest import front_end_errors, lab_reset, open_lab, radar_replaced, run_all, shot, toggle

pytestmark = pytest.mark.browser

SCALE = ["Never", "Rarely", "Sometimes", "Often", "Always"]
NOT_APPLICABLE = "Not applicable to my role"
SKIPPED = 9  # q-motivation-1 ("the people I supervise") may not apply to a role
PAGE = 6


def choice(n: int) -> str:
    """The answer given to item ``n``: a varied, non-flat pattern."""
    return NOT_APPLICABLE if n == SKIPPED else SCALE[(n * 3 + n // 7) % 5]


def answered_button(page, n: int):
    return toggle(page, n).locator("button.mod-active")


def test_questionnaire_answers_survive_a_restart_and_export_a_pdf(page, lab):
    lab_reset(lab, "questionnaire", "sharing")
    (lab.home / "profile.json").unlink(missing_ok=True)
    shutil.rmtree(lab.home / "exports", ignore_errors=True)

    open_lab(page, lab, "05_self_profile.ipynb", "Next page ▶")
    progress = page.get_by_text(re.compile(r"^\d+ of 24 answered"))
    expect(progress).to_have_text(re.compile(r"^0 of 24 answered"))
    radar = page.locator("img.lvm-chart").first
    expect(radar).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    blank = radar.get_attribute("src")

    for n in range(1, 25):
        if n > 1 and (n - 1) % PAGE == 0:
            page.get_by_role("button", name="Next page ▶").click()
            expect(page.get_by_text(f"Page {(n - 1) // PAGE + 1} of 4")).to_be_visible()
        toggle(page, n).get_by_role("button", name=choice(n), exact=True).click()
        expect(answered_button(page, n)).to_have_text(choice(n))
        if n == 12:  # by now every dimension has enough answers to be drawn
            radar_replaced(page, blank)

    expect(progress).to_have_text(re.compile(
        r"^24 of 24 answered \(1 not applicable to your role\) — all done"))
    expect(page.get_by_role("note", name="About this questionnaire")).to_contain_text(
        "not a validated test")
    radar_replaced(page, blank)
    expect(radar).to_have_attribute("alt", re.compile(r"Leadership \d\.\d, management \d\.\d"))
    shot(page, "lab_05_answered")

    # Restart the kernel, run everything again: the answers come back from disk.
    page.evaluate("document.querySelectorAll('.jupyter-widgets, .jp-OutputArea-output')"
                  ".forEach(e => { e.dataset.stale = '1'; })")
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.locator('.lm-Menu-item[data-command="kernelmenu:restart"]').click()
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart Kernel?" -> Restart
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    run_all(page, started=".jp-Notebook .jp-OutputArea-output:not([data-stale])")
    fresh = page.locator(".widget-toggle-buttons:not([data-stale])")
    fresh.first.wait_for(timeout=90_000)
    expect(page.locator(".widget-toggle-buttons[data-stale]")).to_have_count(0)
    expect(progress).to_have_text(re.compile(r"^24 of 24 answered"))
    expect(page.get_by_text("Page 4 of 4")).to_be_visible()  # where the trainee left off
    for p in range(3, -1, -1):
        for n in range(p * PAGE + 1, p * PAGE + PAGE + 1):
            expect(answered_button(page, n)).to_have_text(choice(n))
        if p:
            page.get_by_role("button", name="◀ Previous page").click()
            expect(page.get_by_text(f"Page {p} of 4")).to_be_visible()
    radar_replaced(page, blank)

    # The handout: a download link on the page and the PDF on disk.
    page.get_by_role("button", name="Handout (PDF)").click()
    link = page.locator('a[download="my-profile.pdf"]')
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", re.compile(r"^data:application/pdf;base64,"))
    pdf = lab.home / "exports" / "my-profile.pdf"
    assert pdf.is_file()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 10_000
    assert front_end_errors(page) == []
    shot(page, "lab_05_handout")
