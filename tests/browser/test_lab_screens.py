"""JupyterLab, as a trainee on a 1366 px laptop with the file browser open sees it.

Each notebook 00-06 is opened in Lab and run (Run > Run All Cells); once every
activity is drawn: the course's stylesheet is in force (an activity is drawn as a
card), no button, label or choice is cut off, and axe-core finds nothing in the
notebook area (JupyterLab's own menus, toolbars and side panels are JupyterLab's:
not ours to fix, and listed in the README when they have findings).
"""

from __future__ import annotations

import pytest

from .conftest import lab_reset, open_lab
from .test_screens import MEASURE, PAGES, activities_in

pytestmark = pytest.mark.browser

NOTEBOOK_AREA = ".jp-NotebookPanel-notebook"
# JupyterLab 4's own markup, listed in the README (rule -> what the node must be):
# - the cell list has role="feed" but its cells are not articles (upstream:
#   jupyterlab/jupyterlab#14765, "Implement ARIA recommendations from Notebooks for All");
# - a markdown heading's collapse button has no name (no issue of its own upstream;
#   the open umbrella is jupyterlab/jupyterlab#16890, name/role/value findings).
KNOWN_IN_LAB = {"aria-required-children": 'role="feed"',
                "button-name": "jp-collapseHeadingButton"}


@pytest.mark.parametrize("notebook", PAGES[:-1])
def test_notebook_area_in_lab(page, lab, notebook):
    lab_reset(lab)
    page.set_viewport_size({"width": 1366, "height": 768})
    open_lab(page, lab, notebook, "In this part you will")
    page.wait_for_function(f"document.querySelectorAll('.lvm-activity').length >= "
                           f"{activities_in(notebook)}", timeout=90_000)
    files = page.locator(".jp-FileBrowser")
    if not files.is_visible():  # the trainee's usual layout: the file browser open
        page.locator('.lm-TabBar-tab[data-id="filebrowser"]').click()
    assert files.is_visible()
    card = page.evaluate("getComputedStyle(document.querySelector('.lvm-activity'))"
                         ".borderTopColor")
    assert card == "rgb(0, 114, 178)", card  # the stylesheet reached JupyterLab
    problems = []
    found = page.evaluate(MEASURE.replace("document.querySelectorAll(sel)",
                                          f"document.querySelector('{NOTEBOOK_AREA}')"
                                          ".querySelectorAll(sel)"))
    if found["cut"]:
        problems.append(f"cut off: {found['cut'][:8]}")
    from axe_playwright_python.sync_playwright import Axe

    # The course's own content: the rendered markdown and every output: no findings.
    ours = {"include": [[f"{NOTEBOOK_AREA} .jp-OutputArea"],
                        [f"{NOTEBOOK_AREA} .jp-MarkdownOutput"]]}
    violations = Axe().run(page, context=ours).response["violations"]
    problems += [f"axe {v['impact']} {v['id']}: {[n['html'][:120] for n in v['nodes'][:2]]}"
                 for v in violations]
    # The notebook area as a whole adds JupyterLab's own cell markup: only the findings
    # the README lists with their upstream issue are allowed there.
    lab_all = Axe().run(page, context=NOTEBOOK_AREA).response["violations"]
    print(f"\naxe lab {notebook}: ours {len(violations)}, "
          f"JupyterLab's {sorted(v['id'] for v in lab_all)}")
    problems += [f"new finding in the notebook area: {v['id']} {n['html'][:160]} (add it to "
                 f"the README with its upstream issue if it is JupyterLab's, else fix it)"
                 for v in lab_all for n in v["nodes"]
                 if KNOWN_IN_LAB.get(v["id"], "\0") not in n["html"]]
    assert not problems, "\n".join(problems)
