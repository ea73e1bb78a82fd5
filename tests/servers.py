"""Servers the tests start: processes in their own group, on 127.0.0.1, with folders of
their own (no test touches the user's home, Jupyter or matplotlib folders).

- :func:`start_server`: any server command, waited for until an address answers 200.
- :func:`server_env`: an environment that shares nothing with the user's own folders.
- :func:`start_room`: ``lvm-course room`` as ``make room`` starts it, on a free port,
  with extra settings (the attack suite's small limits) when asked.
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
from dataclasses import dataclass, field, fields
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A server process in its own process group, with its URL and folders."""

    name: str
    proc: subprocess.Popen
    url: str
    home: Path  # LVM_COURSE_HOME of its kernels
    root: Path  # the notebooks it serves
    log: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    def stop(self) -> None:
        """SIGTERM the server's process group (it shuts its kernels down), SIGKILL the rest.

        Kernels run in process groups of their own (jupyter_client starts them in a new
        session); any left behind are found by their connection file in this server's
        runtime folder and killed by PID.
        """
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)
        runtime = self.env.get("JUPYTER_RUNTIME_DIR")
        for pid in _pids_with_arg(runtime) if runtime else []:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def forget(self, *stores: str) -> None:
        """Delete saved activity files so the next page load starts that activity afresh."""
        for name in stores:
            (self.home / "answers" / f"{name}.json").unlink(missing_ok=True)


def _pids_with_arg(text: str) -> list[int]:
    """PIDs whose command line mentions ``text`` (a kernel's connection-file folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


def server_env(base: Path, home: Path, shared: Path) -> dict[str, str]:
    """An environment sharing nothing with the user's own folders."""
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("JUPYTER_CONFIG_DIR", "jconfig"),
                     ("JUPYTER_DATA_DIR", "jdata"), ("JUPYTER_RUNTIME_DIR", "jruntime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl")):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    home.mkdir(parents=True, exist_ok=True)
    env["LVM_COURSE_HOME"] = str(home)
    env["LVM_COURSE_SHARED_DIR"] = str(shared)
    env["PYTHONWARNINGS"] = "ignore"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("LVM_COURSE_DATA", None)
    return env


def start_server(name: str, cmd: list[str], env: dict[str, str], url: str, ready: str,
                 root: Path, logdir: Path, timeout: float = 90) -> Server:
    """Start ``cmd`` in a new process group and wait until ``url + ready`` answers 200."""
    log = logdir / f"{name}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(name, proc, url, Path(env["LVM_COURSE_HOME"]), root, log, env)
    ready = url + ready
    deadline = time.monotonic() + timeout
    while True:  # a server, not a page: nothing for Playwright to wait on yet
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(ready, timeout=5) as resp:  # noqa: S310
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"{name} not ready after {timeout} s:\n"
                               f"{log.read_text()[-3000:]}")
        time.sleep(0.25)


@dataclass
class RoomServer(Server):
    """``lvm-course room`` on 127.0.0.1 (``root`` is the room folder): the facilitator
    token, and a restart on the same port and folder."""

    cmd: list[str] = field(default_factory=list)

    @property
    def token(self) -> str:
        return json.loads((self.root / "room.json").read_text())["facilitator_token"]

    def restart(self) -> None:
        """Stop the server and start it again on the same port and folder."""
        self.stop()
        again = start_server("room", self.cmd, self.env, self.url, "/readyz", self.root,
                             self.log.parent)
        self.proc = again.proc


#: Every trainee of a test comes from 127.0.0.1, where a real room sees one address per
#: device: the per-address limits are lifted for the browser tests (the attack suite,
#: tests/security, sets them small instead, and uses many loopback addresses).
ONE_ADDRESS_FOR_ALL = {"LVM_ROOM_JOINS_PER_ADDRESS": "100000",
                       "LVM_ROOM_PAGES_PER_ADDRESS": "100000",
                       "LVM_ROOM_CONNECTIONS_PER_ADDRESS": "100000"}


def start_room(base: Path, *, env_extra: dict[str, str] | None = None, slides: bool = False,
               name: str = "room") -> RoomServer:
    """``lvm-course room`` on 127.0.0.1 and a free port, over its own room folder under
    ``base`` (no group folder given, as ``make room``); ``env_extra`` adds settings
    (default: :data:`ONE_ADDRESS_FOR_ALL`)."""
    port = free_port()
    env = server_env(base / name, base / name / "course", base / name / "unused")
    env.pop("LVM_COURSE_SHARED_DIR")
    env.update(ONE_ADDRESS_FOR_ALL if env_extra is None else env_extra)
    root = base / name / "room-folder"
    root.mkdir(parents=True, exist_ok=True)
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "lvm_course.cli", "room", "--ip", "127.0.0.1",
           "--port", str(port), "--dir", str(root), "--no-browser"]
    if not slides:
        cmd.append("--no-slides")
    started = start_server(name, cmd, env, f"http://127.0.0.1:{port}", "/readyz", root, logs)
    return RoomServer(**{f.name: getattr(started, f.name) for f in fields(Server)}, cmd=cmd)
