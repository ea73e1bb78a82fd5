"""A Voila page's kernel ends after its tab closes, and never while the tab is open.

Voila 0.5 asks for the kernel's shutdown when a tab closes, and is refused (403,
``'_xsrf' argument missing``, voila-dashboards/voila#1458): without culling, every page
a presenter or visitor ever opened keeps a kernel until the server stops (22 were left
at the end of one test run). ``voila_command`` culls kernels idle and unconnected for
``cull_after`` seconds (10 minutes in use; 4 s here).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import _voila, open_voila

pytestmark = pytest.mark.browser

QUIZ_BUTTON = 'button[title="Mainly about direction, people and change"]'


def kernels(pid: int) -> list[int]:
    """The ipykernel processes started by the server ``pid`` (its direct children)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:  # ended meanwhile
                continue
            if b"ipykernel" in cmdline:
                found.append(int(child))
    return found


def wait_for(predicate, timeout: float, what: str) -> None:
    """Poll ``predicate`` (a process count, nothing a page could wait on)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout} s")
        time.sleep(0.25)


@pytest.fixture
def culling_voila(workdir, shared_dir):
    server = _voila("voila_cull", workdir, shared_dir, slides=False, cull_after=4)
    yield server
    server.stop()


def test_a_closed_pages_kernel_ends_and_an_open_ones_stays(browser, culling_voila):
    server = culling_voila
    pid = server.proc.pid
    stays, leaves = browser.new_context(), browser.new_context()
    try:
        staying, leaving = stays.new_page(), leaves.new_page()
        open_voila(staying, server, "01_two_roles.ipynb", "Leadership, management or both?")
        open_voila(leaving, server, "01_two_roles.ipynb", "Leadership, management or both?")
        assert len(kernels(pid)) == 2
        leaves.close()  # the tab closes: Voila's own shutdown request is refused
        wait_for(lambda: len(kernels(pid)) == 1, 30, "the closed page's kernel ended")
        time.sleep(8)  # two cull timeouts more, the open page idle all the while
        assert len(kernels(pid)) == 1
        staying.locator(QUIZ_BUTTON).click()  # its widgets still answer: the kernel
        expect(staying.locator(QUIZ_BUTTON)).to_be_disabled()  # marks the statement answered
    finally:
        stays.close()
    wait_for(lambda: not kernels(pid), 30, "the last page's kernel ended")
    log = server.log.read_text(encoding="utf-8")
    assert "Culling kernels with idle durations > 4 seconds" in log
