"""Real-browser fixtures: one JupyterLab and one Voila server per session, Debian's Chromium.

Both servers run on 127.0.0.1 with free ports, token '' and temporary HOME, Jupyter,
IPython, matplotlib and course folders, over a copy of ``notebooks/``. Each server has
its own ``LVM_COURSE_HOME`` (so the Lab journey and the Voila pages do not see each
other's answers); both read the same group folder. Servers are stopped by process
group at the end of the session. Screenshots go to ``artifacts/`` at the repository
root (git-ignored).

Where ``/usr/bin/chromium`` is absent the browser tests are not collected and the
report says so in one line;
``.ci/run`` installs it, so CI always runs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lvm_course.present import voila_command, voila_env
from lvm_course.setup_lab import OVERRIDES, write_overrides

from ..servers import RoomServer, Server, free_port, server_env, start_room, start_server

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
TIMEOUT_MS = 60_000  # a slow 2-core machine shared with other test runs

# Trainee text that would run script if it were ever treated as markup.
HOSTILE = ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>")

SKIP_LINE = ("browser tests skipped: /usr/bin/chromium is absent "
             "(apt-get install chromium; .ci/run does this)")


def pytest_ignore_collect(collection_path, config):
    """Without Chromium the browser test files are not collected at all..."""
    if not CHROMIUM.exists() and collection_path.name.startswith("test_"):
        return True
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """...and the report says so in one line."""
    if not CHROMIUM.exists():
        terminalreporter.write_line(SKIP_LINE, yellow=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports what its page showed: address, the page's text and
    a screenshot (``artifacts/failed_<test>.png``, also under pytest's basetemp, which
    outlives a CI checkout). A CI log then says which screen was in the way."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or page is None or page.is_closed():
        return
    name = "failed_" + re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])[:80]
    lines = [f"address: {page.url}"]
    try:
        text = page.locator("body").inner_text(timeout=5_000)
        lines.append(f"text (first 1500 characters):\n{text[:1500]}")
        factory = getattr(item.config, "_tmp_path_factory", None)  # pytest's tmp_path root
        for folder in (ARTIFACTS, *([factory.getbasetemp()] if factory else [])):
            folder.mkdir(exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=10_000)
            lines.append(f"screenshot: {folder / name}.png")
    except Exception as exc:  # the page is gone or hung: say so, keep the test's own error
        lines.append(f"(page unreadable: {type(exc).__name__}: {exc})")
    report.sections.append(("page at failure", "\n".join(lines)))


def _expect_timeout() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():  # removed while the session runs
        pytest.skip(SKIP_LINE)
    return CHROMIUM


@pytest.fixture(scope="session")
def workdir(tmp_path_factory, chromium) -> Path:
    """A temporary root: a copy of the notebooks plus the servers' folders."""
    base = tmp_path_factory.mktemp("browser")
    shutil.copytree(NOTEBOOKS, base / "nb",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (base / "group").mkdir()
    (base / "logs").mkdir()
    ARTIFACTS.mkdir(exist_ok=True)
    return base


@pytest.fixture(scope="session")
def shared_dir(workdir) -> Path:
    """The group folder both servers (and the tests' own share calls) use."""
    return workdir / "group"


def _ensure_overrides() -> None:
    """The news toast covers the page: make sure the venv's overrides.json turns it off."""
    target = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    if all(current.get(k) == v for k, v in OVERRIDES.items()):
        return
    write_overrides(Path(sys.prefix))  # exactly what `make lab` does


@pytest.fixture(scope="session")
def lab(workdir, shared_dir) -> Iterator[Server]:
    _ensure_overrides()
    port = free_port()
    env = server_env(workdir / "lab", workdir / "lab" / "course", shared_dir)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={workdir / 'nb'}", "--ServerApp.open_browser=False",
           "--LabApp.news_url=None", "--ServerApp.port_retries=0",
           "--ServerApp.disable_check_xsrf=True"]  # lab_reset's DELETE; 127.0.0.1 only
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    server = start_server("lab", cmd, env, f"http://127.0.0.1:{port}", "/api",
                          workdir / "nb", workdir / "logs")
    yield server
    server.stop()


def _voila(name: str, workdir: Path, shared_dir: Path, slides: bool, **options) -> Server:
    port = free_port()
    env = voila_env(server_env(workdir / name, workdir / name / "course", shared_dir))
    cmd = voila_command(str(workdir / "nb"), port, slides=slides, **options)
    return start_server(name, cmd, env, f"http://127.0.0.1:{port}", "/voila/tree",
                        workdir / "nb", workdir / "logs")


@pytest.fixture(scope="session")
def voila(workdir, shared_dir) -> Iterator[Server]:
    """Voila over the whole notebooks copy: pages are ``/voila/render/NB.ipynb``."""
    server = _voila("voila", workdir, shared_dir, slides=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_slides(workdir, shared_dir) -> Iterator[Server]:
    """Voila with the reveal template (``make present --slides``), started only if asked."""
    server = _voila("voila_slides", workdir, shared_dir, slides=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def room(workdir) -> Iterator[RoomServer]:
    """The room, as ``make room`` starts it (its own folder, no group folder given)."""
    server = start_room(workdir, slides=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    _expect_timeout()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS,
                               headless=True)
        yield b
        b.close()


class Dialogs(list):
    """Every JavaScript dialog (alert/confirm/prompt) a page opened."""


@pytest.fixture
def page(browser):
    """A fresh context and page; alert/confirm/prompt dialogs are recorded (and dismissed)
    in ``page.dialogs``; leaving a page with unsaved changes is allowed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    dialogs = Dialogs()

    def on_dialog(dialog):
        if dialog.type == "beforeunload":  # Lab's "leave with unsaved changes?": leave
            dialog.accept()
            return
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.dialogs = dialogs
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    pg.console_errors = errors
    yield pg
    context.close()


# Voila's stock templates ask CDNs for Font Awesome (and reveal for reveal.js and jQuery);
# the course's templates do not (test_screens and test_presenting check that no request
# leaves the machine), so this only forgives a page served by a stock template.
OFFLINE = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"


def front_end_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the page, minus the offline CDN loads."""
    return [e for e in page.console_errors if e != OFFLINE]


def shot(page, name: str) -> Path:
    """A full-page screenshot into ``artifacts/``."""
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_voila(page, server: Server, notebook: str, ready: str) -> None:
    """Open a Voila page and wait until the text ``ready`` shows (its widgets are live)."""
    page.goto(f"{server.url}/voila/render/{notebook}", wait_until="domcontentloaded")
    wait_or_shoot(page, ready, f"failed_voila_{notebook.replace('/', '_')}")


def lab_reset(server: Server, *stores: str) -> None:
    """Shut down every kernel of the Lab server and forget ``stores``: a fresh trainee.

    A notebook reopened in Lab reconnects to its running kernel, which keeps the
    answers in memory; shutting kernels down makes the next open start clean.
    """
    with urllib.request.urlopen(f"{server.url}/api/sessions", timeout=10) as resp:  # noqa: S310
        sessions = json.load(resp)
    for sess in sessions:
        req = urllib.request.Request(f"{server.url}/api/sessions/{sess['id']}",
                                     method="DELETE")
        with urllib.request.urlopen(req, timeout=30):  # noqa: S310
            pass
    server.forget(*stores)


def open_lab(page, server: Server, notebook: str, ready: str) -> None:
    """Open a notebook in Lab (fresh workspace), run all cells, wait for ``ready``."""
    page.goto(f"{server.url}/lab/tree/{notebook}?reset", wait_until="domcontentloaded")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for()
    wait_kernel_idle(page, notebook)
    run_all(page)
    wait_or_shoot(page, ready, f"failed_lab_{notebook.replace('/', '_')}")


def wait_or_shoot(page, text: str, name: str) -> None:
    """Wait for ``text`` to show; on a timeout keep a screenshot in artifacts/ first."""
    try:
        page.get_by_text(text).first.wait_for(state="visible", timeout=90_000)
    except Exception:
        shot(page, name)
        raise


def wait_kernel_idle(page, notebook: str) -> None:
    """Wait until the server has an idle kernel for ``notebook`` (cells run before are lost)."""
    page.wait_for_function(
        """async (nb) => {
            const r = await fetch('/api/sessions');
            const all = await r.json();
            return all.some(s => s.path.endsWith(nb) && s.kernel
                            && s.kernel.execution_state === 'idle');
        }""", arg=notebook, polling=250)


def run_all(page, started: str = ".jp-Notebook .jp-OutputArea-output") -> None:
    """Run > Run All Cells, again until ``started`` (a selector) shows the run was taken.

    Lab may still be connecting to a kernel the server already reports idle (after
    opening or restarting); a run then passes over the cells without executing any.
    """
    for _attempt in range(4):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.locator(started).first.wait_for(state="attached", timeout=15_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("Run All Cells never started the notebook")


def toggle(page, n: int):
    """The questionnaire's ToggleButtons for item ``n`` (labelled "Item n")."""
    return page.locator(".widget-toggle-buttons").filter(
        has=page.locator(".widget-label").get_by_text(f"Item {n}", exact=True))


def radar_replaced(page, old_src: str, selector: str = "img.lvm-chart") -> None:
    """Wait until the chart ``<img>`` shows another picture than ``old_src``."""
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel); "
        "return i !== null && i.getAttribute('src') !== old; }",
        arg=[selector, old_src], timeout=TIMEOUT_MS)


@pytest.fixture
def share_as(course, shared_dir, tmp_path, monkeypatch):
    """``share_as(cohort, who)``: trainee number ``who`` shares a complete profile.

    Goes through the course's own share path (:func:`lvm_course.sharing.share_profile`)
    into the group folder the servers read; each trainee has a home of their own, as
    on separate laptops (sharing again from one home replaces that trainee's file).
    """
    from lvm_course.profile import new_profile
    from lvm_course.sharing import share_profile

    monkeypatch.setenv("LVM_COURSE_SHARED_DIR", str(shared_dir))

    def share(cohort: str, who: int) -> Path:
        monkeypatch.setenv("LVM_COURSE_HOME", str(tmp_path / f"trainee-{cohort}-{who}"))
        answers = {item.id: 1 + (who + k) % 5 for k, item in enumerate(course.items)}
        return share_profile(new_profile(course, answers), cohort)

    return share


def pick_group(page, cohort: str) -> None:
    """Choose ``cohort`` in the group board's "Group" drop-down."""
    page.locator(".widget-dropdown").filter(
        has=page.locator(".widget-label").get_by_text("Group", exact=True)
    ).locator("select").select_option(cohort)
