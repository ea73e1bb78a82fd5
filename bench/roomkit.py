"""Start and stop the servers the room bench and the room tests use (not a bench itself).

- :func:`start_room`: ``lvm-course room`` on 127.0.0.1 and a free port, with its own
  room folder and temporary HOME/matplotlib folders; the facilitator token is read
  from the room folder.
- :func:`start_voila`: plain Voila on one notebook (the floor and the naive baseline).
- :func:`pss_kib`: the proportional set size of a process and its children (shared
  pages counted once across them), from ``/proc/<pid>/smaps_rollup``.
- :func:`cpu_seconds`: CPU time a process and its children used, from ``/proc``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


# Installed once a 05 page is live: click times and radar picture swaps, in page time
# (performance.now()), so a latency excludes Playwright's own overhead.
OBSERVE = """() => {
    const img = document.querySelector('img.lvm-chart');
    const box = img.closest('.widget-html-content') || img.parentElement;
    window.__lat = {clicks: [], swaps: []};
    let last = img.getAttribute('src');
    document.addEventListener('click', (e) => {
        if (e.target.closest('.widget-toggle-button')) window.__lat.clicks.push(performance.now());
    }, true);
    new MutationObserver(() => {
        const now = document.querySelector('img.lvm-chart');
        const src = now && now.getAttribute('src');
        if (src && src !== last) { last = src; window.__lat.swaps.push(performance.now()); }
    }).observe(box, {subtree: true, childList: true, attributes: true,
                     attributeFilter: ['src']});
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Proc:
    proc: subprocess.Popen
    url: str
    log: Path
    folder: Path
    token: str = ""
    cookie: str = ""  # the facilitator's session, as a Cookie header

    def stop(self) -> None:
        """SIGTERM the process group, then SIGKILL what is left."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)


def facilitator_cookie(url: str, token: str) -> str:
    """A Cookie header for a facilitator session: what the facilitator link gives."""
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(Stay)
    try:
        opener.open(f"{url}/facilitator?token={token}", timeout=10)  # noqa: S310 - 127.0.0.1
    except urllib.error.HTTPError as answer:  # the 303 that sets the cookie
        for value in answer.headers.get_all("set-cookie") or []:
            if value.startswith("lvm_facilitator="):
                return value.split(";", 1)[0]
    raise RuntimeError("the facilitator link gave no session")


def isolated_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("JUPYTER_CONFIG_DIR", "jconfig"),
                     ("JUPYTER_DATA_DIR", "jdata"), ("JUPYTER_RUNTIME_DIR", "jruntime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"),
                     ("LVM_COURSE_HOME", "course")):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(tmp / sub)
    env["PYTHONWARNINGS"] = "ignore"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for var in ("LVM_COURSE_SHARED_DIR", "LVM_COURSE_DATA", "LVM_COURSE_COHORT",
                "LVM_COURSE_SURFACE"):
        env.pop(var, None)
    return env


def _wait(proc: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # a server, not a page: nothing else to wait on
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}):\n"
                               f"{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - 127.0.0.1
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout} s:\n"
                       f"{log.read_text(errors='replace')[-3000:]}")


def start_room(tmp: Path, *, room_dir: Path | None = None, port: int | None = None,
               cull_after: str | None = None, timeout: float = 90) -> Proc:
    """``lvm-course room`` on 127.0.0.1 (a restart passes the same folder and port)."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = isolated_env(tmp)
    # every simulated trainee comes from 127.0.0.1, where a real room sees one address
    # per device: lift the per-address limits (lvm_course/room/limits.py)
    env.update({"LVM_ROOM_JOINS_PER_ADDRESS": "100000", "LVM_ROOM_PAGES_PER_ADDRESS": "100000",
                "LVM_ROOM_CONNECTIONS_PER_ADDRESS": "100000"})
    if cull_after:
        env["LVM_ROOM_CULL_AFTER"] = cull_after
    room_dir = room_dir or tmp / "room"
    port = port or free_port()
    log = tmp / f"room-{port}-{int(time.time() * 1000)}.log"
    cmd = [sys.executable, "-m", "lvm_course.cli", "room", "--ip", "127.0.0.1",
           "--port", str(port), "--dir", str(room_dir), "--no-browser", "--no-slides"]
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    server = Proc(proc, url, log, room_dir)
    try:
        _wait(proc, url + "/readyz", log, timeout)
        server.token = json.loads((room_dir / "room.json").read_text())["facilitator_token"]
        server.cookie = facilitator_cookie(url, server.token)
    except BaseException:
        server.stop()
        raise
    return server


def start_voila(tmp: Path, notebook: Path, timeout: float = 90) -> Proc:
    """Plain Voila on ``notebook`` (no room, one kernel per page)."""
    from lvm_course.present import voila_command, voila_env

    tmp.mkdir(parents=True, exist_ok=True)
    env = voila_env(isolated_env(tmp))
    port = free_port()
    log = tmp / f"voila-{port}.log"
    cmd = voila_command(str(notebook), port)
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=notebook.parent, stdout=fh,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    server = Proc(proc, url, log, tmp)
    try:
        _wait(proc, url, log, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _children(pid: int) -> list[int]:
    found = [pid]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found += _children(int(entry.name))
    return found


def pss_kib(pid: int) -> int:
    """PSS (KiB) of ``pid`` and all its descendants."""
    total = 0
    for p in _children(pid):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its descendants so far (seconds)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _children(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


BARE_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {},
               "outputs": [],
               "source": "import ipywidgets as w\nimport matplotlib\nmatplotlib.use('Agg')\n"
                         "import matplotlib.pyplot\n"
                         "w.ToggleButtons(options=['Never', 'Rarely', 'Sometimes', "
                         "'Often', 'Always'], value=None)"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5}


def bare_notebook(folder: Path) -> Path:
    """The floor: a notebook that only imports ipywidgets and matplotlib and shows a scale."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bare.ipynb"
    path.write_text(json.dumps(BARE_NOTEBOOK), encoding="utf-8")
    return path
