"""Every Voila page at a phone's, a laptop's and a projector's size: nothing cut off,
no sideways scrolling on a phone, axe-core clean, and a contact sheet for a reviewer.

For each page (00-06 and the facilitator's board) the test opens it once, waits until
every activity on it is drawn, then for each screen size: checks that no button,
label or choice has text wider than its box (a cut-off "Strongly dis…"), that the
page is no wider than the screen, runs axe-core, and saves a full-page screenshot
into ``artifacts/screens/``. The last test puts every screenshot side by side in
``artifacts/contact_sheet.png`` (``make screenshots`` runs just this file).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .conftest import ARTIFACTS, NOTEBOOKS, REPO, _voila
from .test_accessibility import scan

pytestmark = pytest.mark.browser

SCREENS = {"phone": (360, 740), "laptop": (1366, 768), "projector": (1920, 1080)}
SHOTS = ARTIFACTS / "screens"
PAGES = [*(p.name for p in sorted(NOTEBOOKS.glob("0*.ipynb"))), "facilitator/group_board.ipynb"]

# Voila's page scrolls inside #rendered_cells (a fixed-size Lumino panel); for a
# full-page screenshot and for measuring, the panels are let out to their content.
UNROLL = """#main, #jp-main-content-panel, #rendered_cells {
  position: static !important; height: auto !important; overflow: visible !important;
  contain: none !important; width: auto !important; }
html, body { height: auto !important; overflow: visible !important; }"""

# What is wider than its box, and how much wider the page is than the screen.
MEASURE = """() => {
  const cut = [];
  const sel = 'button, label, .widget-label, .widget-toggle-button, .widget-button';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('[hidden], .lvm-offscreen')) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2 &&
        getComputedStyle(el).overflowY === 'hidden')
      cut.push((el.innerText || el.getAttribute('aria-label') || el.tagName).trim());
  }
  const widest = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  return {cut, overflow: widest - window.innerWidth};
}"""


def activities_in(notebook: str) -> int:
    """How many activities (``widgets.X(...)`` cells) the notebook shows."""
    nb = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code"
               and re.search(r"^widgets\.\w+\(", "".join(c["source"]), re.M))


def open_drawn(page, voila, notebook: str) -> None:
    """Open a page and wait until all its activities are drawn."""
    page.goto(f"{voila.url}/voila/render/{notebook}", wait_until="domcontentloaded")
    expected = activities_in(notebook)
    page.wait_for_function(
        f"document.querySelectorAll('.lvm-activity').length >= {expected}")
    page.add_style_tag(content=UNROLL)


# Words that only make sense in JupyterLab, where a Voila page has nothing to run.
LAB_ONLY_WORDS = re.compile(r"Run All|Shift\s*\+\s*Enter|run (the|each|this) cell", re.I)


@pytest.fixture(scope="module")
def voila_done(workdir, shared_dir):
    """A Voila server whose trainee has finished every activity (finish_course.py)."""
    server = _voila("voila_done", workdir, shared_dir, slides=False)
    done = subprocess.run([sys.executable, str(REPO / "tests/browser/finish_course.py")],
                          env=server.env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Quiz: 12 of 12" in done.stdout and "ActionPlan" in done.stdout
    yield server
    server.stop()


def check_screens(page, name: str, screens: dict[str, tuple[int, int]],
                  axe_at: str = "laptop") -> list[str]:
    """Measure, scan and photograph the open page at each screen size."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    text = page.evaluate("document.body.innerText")
    problems += [f"text meant for JupyterLab: '{m.group(0)}'"
                 for m in LAB_ONLY_WORDS.finditer(text)]
    for screen, (width, height) in screens.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # reflow after the resize; nothing to wait on
        found = page.evaluate(MEASURE)
        if found["cut"]:
            problems.append(f"{screen}: cut off: {found['cut'][:8]}")
        if found["overflow"] > 1:
            problems.append(f"{screen}: page {found['overflow']} px wider than the screen")
        page.screenshot(path=str(SHOTS / f"{name}__{screen}.png"), full_page=True)
        if screen != axe_at:  # axe once per page is enough for the DOM; sizes differ in
            continue          # layout only (scanned at laptop size, the common one)
        violations = scan(page, f"{name} ({screen})")
        problems += [f"{screen}: axe {v['impact']} {v['id']}: "
                     f"{[n['html'][:120] for n in v['nodes'][:2]]}" for v in violations]
    return problems


# Every Font Awesome icon on the page: can its glyph be drawn from a font the course's
# own server sends (Voila's bundle), with no CDN? Hidden icons load nothing until shown,
# so each icon's font is asked for explicitly.
ICONS_DRAWN = """async () => {
  const found = [];
  for (const i of document.querySelectorAll('i.fa')) {
    const b = getComputedStyle(i, '::before');
    const glyph = b.content.replace(/^"|"$/g, '');
    let faces = [];
    try {
      if (glyph && b.content !== 'none')
        faces = await document.fonts.load(`${b.fontWeight} 16px ${b.fontFamily}`, glyph);
    } catch (e) { faces = []; }  // the font file could not be fetched
    found.push({icon: i.className,
                drawn: faces.length > 0 && faces.every(f => f.status === 'loaded')});
  }
  return found;
}"""


@pytest.mark.parametrize("notebook", PAGES)
def test_page_fits_every_screen_and_passes_axe(page, voila, notebook):
    """First state: the page as a trainee first opens it, asking nothing of the internet
    (a hospital firewall that drops requests would hold the page back)."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url)
            if not r.url.startswith((voila.url, "data:", "blob:")) else None)
    open_drawn(page, voila, notebook)
    name = notebook.removesuffix(".ipynb").replace("facilitator/", "")
    problems = check_screens(page, name, SCREENS)
    problems += [f"asked the internet for {u}" for u in asked]
    problems += [f"icon not drawn: {i['icon']}" for i in page.evaluate(ICONS_DRAWN)
                 if not i["drawn"]]
    assert not problems, "\n".join(problems)


EXPORTS = {"05_self_profile.ipynb": {"Handout (PNG)": ".png", "Handout (PDF)": ".pdf"},
           "06_action_plan.ipynb": {"Export plan (Markdown)": ".md",
                                    "Calendar reminders (.ics)": ".ics",
                                    "Export plan (PDF)": ".pdf"}}


@pytest.mark.parametrize("notebook", PAGES[:-1])
def test_finished_page_fits_and_passes_axe(page, voila_done, notebook):
    """Finished state: every answer given, every feedback shown, results and exports."""
    open_drawn(page, voila_done, notebook)
    for label, suffix in EXPORTS.get(notebook, {}).items():  # each offers its file
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.get_by_role("link", name=re.compile(
            rf"^Download .*{re.escape(suffix)}$"))).to_be_visible()
    name = notebook.removesuffix(".ipynb") + "__finished"
    screens = {k: v for k, v in SCREENS.items() if k != "projector"}
    problems = check_screens(page, name, screens)
    assert not problems, "\n".join(problems)


def test_contact_sheet():
    """All the screenshots on one image: a column per page, a row per screen."""
    from PIL import Image, ImageDraw

    shots = {(p.stem.split("__")[0], p.stem.split("__")[1]): p
             for p in SHOTS.glob("*__*.png")}
    pages = sorted({k[0] for k in shots})
    assert pages, "no screenshots: run the page tests first"
    col_w, label_h = 300, 28
    rows = []
    for screen in SCREENS:
        thumbs = []
        for name in pages:
            path = shots.get((name, screen))
            img = Image.open(path).convert("RGB") if path else Image.new("RGB", (10, 10))
            scale = col_w / img.width
            thumbs.append(img.resize((col_w, max(1, int(img.height * scale)))))
        rows.append((screen, thumbs))
    max_h = 1600  # long pages are cut at this height on the sheet (the files are whole)
    height = sum(label_h + min(max_h, max(t.height for t in thumbs)) for _, thumbs in rows)
    sheet = Image.new("RGB", (col_w * len(pages), height + label_h), "white")
    draw = ImageDraw.Draw(sheet)
    for i, name in enumerate(pages):
        draw.text((i * col_w + 6, 6), name, fill="black")
    y = label_h
    for screen, thumbs in rows:
        draw.text((6, y + 6), f"{screen} {SCREENS[screen][0]}x{SCREENS[screen][1]}",
                  fill="black")
        y += label_h
        for i, t in enumerate(thumbs):
            sheet.paste(t.crop((0, 0, col_w, min(max_h, t.height))), (i * col_w, y))
        y += min(max_h, max(t.height for t in thumbs))
    out = ARTIFACTS / "contact_sheet.png"
    sheet.save(out)
    assert out.stat().st_size > 10_000 and len(pages) >= len(PAGES)


@pytest.mark.parametrize("notebook", PAGES[:-1])
def test_slides_pass_axe_slide_by_slide(page, voila_slides, notebook):
    """``make present SLIDES=1``: each notebook's slides, stepped through with the on-screen
    arrows as a presenter does; axe-core on every slide once its activities are drawn."""
    page.goto(f"{voila_slides.url}/voila/render/{notebook}", wait_until="domcontentloaded")
    expected = activities_in(notebook)
    page.wait_for_function(
        f"document.querySelectorAll('.lvm-activity').length >= {expected}", timeout=90_000)
    problems, seen = [], []
    for _ in range(200):
        where = page.evaluate("location.hash")
        seen.append(where)
        page.wait_for_timeout(150)  # reveal's slide transition; nothing to wait on
        problems += [f"slide {where}: axe {v['impact']} {v['id']}: "
                     f"{[n['html'][:120] for n in v['nodes'][:2]]}"
                     for v in scan(page, f"{notebook} slide {where}")]
        # reveal's on-screen arrows (a key press could land in a slide's text box):
        # down into a sub-slide where there is one, else right
        down = page.locator(".reveal .controls .navigate-down.enabled")
        right = page.locator(".reveal .controls .navigate-right.enabled")
        if not (down.count() or right.count()):
            break  # the last slide
        (down if down.count() else right).click()
        try:
            page.wait_for_function("old => location.hash !== old", arg=where, timeout=3000)
        except PlaywrightTimeout:
            break  # the last slide
    assert not problems, "\n".join(problems)
    last = page.evaluate("(() => { const leaves = [...document.querySelectorAll("
                         "'.reveal .slides section')].filter(s => !s.querySelector('section'));"
                         " return leaves[leaves.length - 1].classList.contains('present'); })()")
    assert last and len(set(seen)) >= 3, f"stopped at {seen[-1]} after {len(seen)} slides"
