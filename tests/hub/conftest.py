"""A real JupyterHub for the hub journey: fixtures and page helpers.

The hub is ``bench/hubkit.py``'s :func:`start_hub`: ``jupyterhub -f
tests/hub/jupyterhub_config.py`` (the course's settings from ``deploy/lvm_hub.py``)
with configurable-http-proxy from ``.venv/proxy`` (``make`` installs it with npm), on
127.0.0.1 and free ports, ten trainees, a facilitator and an admin. It starts once for
the journey module and is stopped at its end, with every server and kernel it started.

The journey drives Debian's Chromium like ``tests/browser``; without
``/usr/bin/chromium`` its module is not collected and the report says so in one line
(``.ci/run`` installs it). Its Playwright session lives only as long as the module, which
runs before ``tests/browser`` (``tests/conftest.py``), whose session keeps its own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
TIMEOUT_MS = 90_000
SKIP_LINE = ("hub journey skipped: /usr/bin/chromium is absent "
             "(apt-get install chromium; .ci/run does this)")
OFFLINE = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"


def _load_hubkit():
    spec = importlib.util.spec_from_file_location("hubkit", REPO / "bench" / "hubkit.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hubkit"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


hubkit = _load_hubkit()


def pytest_ignore_collect(collection_path, config):
    if not CHROMIUM.exists() and collection_path.name == "test_hub_journey.py":
        return True
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not CHROMIUM.exists():
        terminalreporter.write_line(SKIP_LINE, yellow=True)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The hub with ten trainees (cohort ``ward7``), ``facilitator`` and ``admin``."""
    running = hubkit.start_hub(tmp_path_factory.mktemp("hub"), n_trainees=10)
    yield running
    running.stop()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "hub-journey-jupyterhub.log").write_bytes(running.log.read_bytes())


@pytest.fixture(scope="module")
def hub_browser():
    """Playwright, for :class:`Visitor` to start a Chromium per person."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        yield pw


class Visitor:
    """One person's browser on the hub: ``page``, and what its console said.

    Each person has a Chromium of their own, as on their own device: one browser allows
    six connections to a host across all its contexts, and ten trainees' spawn-progress
    streams and Voila pages would otherwise queue behind each other.
    """

    def __init__(self, pw, hub, user: str):
        self.hub, self.user = hub, user
        self.browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                          headless=True)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console",
                     lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("dialog", lambda d: d.accept() if d.type == "beforeunload"
                     else d.dismiss())
        self.lab_dialogs: list[str] = []
        self.page.add_locator_handler(self.page.locator(".jp-Dialog"), self._answer_lab_dialog)

    @property
    def base(self) -> str:
        return f"{self.hub.url}/user/{self.user}/"

    def login(self, next_path: str, password: str | None = None) -> None:
        """The hub's login form, typed and submitted; then the hub starts the server
        (``/hub/spawn``, as after any login) and goes on to ``next_path`` in it."""
        after = "/hub/spawn?next=" + quote(f"/user/{self.user}/{next_path}", safe="")
        self.page.goto(f"{self.hub.url}/hub/login?next={quote(after, safe='')}",
                       wait_until="domcontentloaded")
        self.page.locator("#username_input").fill(self.user)
        self.page.locator("#password_input").fill(
            self.hub.passwords[self.user] if password is None else password)
        self.page.locator("#login_submit").click(no_wait_after=True)

    def _answer_lab_dialog(self, dialog) -> None:
        """A JupyterLab dialog in the way: answer it as a trainee would and note its text.

        On a busy CI machine a Lab once stood behind a modal dialog for 90 s, so every
        later click failed without saying which dialog it was. "Select Kernel" is
        accepted (the kernel Lab proposes); anything else (a lost connection, a kernel
        restart) is dismissed. The text is printed, and a failing test names it.
        """
        text = " | ".join(line for line in dialog.inner_text().splitlines() if line.strip())
        self.lab_dialogs.append(text)
        print(f"\n{self.user}: JupyterLab dialog: {text} (console: {self.errors[-3:]})")
        self.shot(f"dialog_{self.user}_{len(self.lab_dialogs)}")
        reject = dialog.locator(".jp-Dialog-button.jp-mod-reject")
        if "Select Kernel" in text or reject.count() == 0:
            dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        else:
            reject.first.click()

    def front_end_errors(self) -> list[str]:
        return [e for e in self.errors if e != OFFLINE]

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def wait_text(self, text: str, name: str, timeout: float = 180_000) -> None:
        """Wait for ``text`` to show; on a timeout keep a screenshot in artifacts/."""
        try:
            self.page.get_by_text(text).first.wait_for(state="visible", timeout=timeout)
        except PlaywrightTimeout:
            self.shot(f"failed_hub_{name}")
            raise

    def close(self) -> None:
        self.context.close()
        self.browser.close()


def run_all(page) -> None:
    """JupyterLab's Run > Run All Cells, again until an output shows the run was taken
    (right after opening, Lab may still be connecting to the kernel)."""
    for _attempt in range(6):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.locator(".jp-Notebook .jp-OutputArea-output").first.wait_for(
                state="attached", timeout=20_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("Run All Cells never started the notebook")
