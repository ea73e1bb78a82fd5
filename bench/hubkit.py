"""Start and stop the real JupyterHub the hub tests and the hub bench use (not a bench).

:func:`start_hub` runs ``jupyterhub -f tests/hub/jupyterhub_config.py`` (which loads
the course's settings from ``deploy/lvm_hub.py``) on 127.0.0.1 and free ports, in a
folder of its own: users' homes, the group folder, the hub's database. Users are
``trainee01``..``traineeNN`` (cohort ``ward7``), ``facilitator`` and ``admin``, each
with a random password of their own. :class:`Hub` logs users in over HTTP and stops
everything it started (hub, proxy, culler, single-user servers, kernels).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "tests" / "hub" / "jupyterhub_config.py"
PROXY = Path(sys.prefix) / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
COHORT = "ward7"
PROXY_MISSING = (f"JupyterHub's proxy is not installed ({PROXY}): run `make .venv/.tests` "
                 "(needs npm; .ci/run installs Node.js)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def trainee_names(n: int) -> list[str]:
    return [f"trainee{k:02d}" for k in range(1, n + 1)]


@dataclass
class Hub:
    """A running hub: its public URL, folder, users' passwords, and the process."""

    proc: subprocess.Popen
    url: str
    root: Path
    passwords: dict[str, str]
    log: Path
    trainees: list[str] = field(default_factory=list)

    @property
    def group_dir(self) -> Path:
        return self.root / "group"

    def home(self, user: str) -> Path:
        return self.root / "homes" / user

    def login(self, user: str, password: str | None = None) -> requests.Session:
        """A real login through the hub's form (xsrf included); raises if refused."""
        session = requests.Session()
        form = session.get(f"{self.url}/hub/login", timeout=30)
        form.raise_for_status()
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
        data = {"username": user, "password": self.passwords[user] if password is None
                else password}
        if xsrf:
            data["_xsrf"] = xsrf.group(1)
        resp = session.post(f"{self.url}/hub/login", data=data, allow_redirects=False,
                            timeout=60)
        if resp.status_code != 302:
            raise PermissionError(f"login of {user!r} refused ({resp.status_code})")
        session.headers["Referer"] = f"{self.url}/hub/"
        return session

    def token(self, session: requests.Session, user: str, note: str = "test") -> str:
        """A hub API token of ``user`` made with their logged-in session."""
        xsrf = session.cookies.get("_xsrf", path="/hub/") or session.cookies.get("_xsrf")
        resp = session.post(f"{self.url}/hub/api/users/{user}/tokens", json={"note": note},
                            headers={"X-XSRFToken": xsrf or ""}, timeout=30)
        resp.raise_for_status()
        return resp.json()["token"]

    def api(self, token: str, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {token}"}, **kwargs)

    def wait_server(self, token: str, user: str, ready: bool, timeout: float = 180) -> None:
        """Wait until ``user``'s server is (``ready``) or is not (not ``ready``) running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api(token, "GET", f"/users/{user}").json()
            server = model.get("servers", {}).get("")
            if ready and server and server.get("ready"):
                return
            if not ready and not server:
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server never became {'ready' if ready else 'stopped'}")

    def pids(self) -> list[int]:
        """The hub and everything under it (proxy, culler, servers, kernels)."""
        return _descendants(self.proc.pid)

    def stop(self) -> None:
        """SIGTERM the hub (it stops the servers it spawned), then SIGKILL what is left."""
        left = self.pids()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=40)
        for pid in [*left, *_in_folder(self.root)]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def _in_folder(root: Path) -> list[int]:
    """Processes whose working folder is inside ``root`` (servers and kernels a killed
    hub left behind)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if Path(os.readlink(entry / "cwd")).is_relative_to(root):
                    found.append(int(entry.name))
    return [p for p in found if p != os.getpid()]


def start_hub(root: Path, n_trainees: int = 10, timeout: float = 120) -> Hub:
    """Start the hub in ``root`` (created) and wait until it answers."""
    if not PROXY.exists():
        raise FileNotFoundError(PROXY_MISSING)
    root.mkdir(parents=True, exist_ok=True)
    for sub in ("homes", "group", "hubhome"):
        (root / sub).mkdir(exist_ok=True)
    trainees = trainee_names(n_trainees)
    passwords = {u: secrets.token_urlsafe(12) for u in [*trainees, "facilitator", "admin"]}
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LVM_COURSE_", "JUPYTER", "JPY_", "IPYTHONDIR", "VOILA_"))}
    env.update({
        "HOME": str(root / "hubhome"), "PYTHONWARNINGS": "ignore",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "LVM_HUB_ROOT": str(root), "LVM_HUB_TRAINEES": ",".join(trainees),
        "LVM_HUB_COHORT": COHORT, "LVM_HUB_PASSWORDS": __import__("json").dumps(passwords),
        "LVM_HUB_PORT": str(port), "LVM_HUB_API_PORT": str(free_port()),
        "LVM_HUB_PROXY_API_PORT": str(free_port()), "LVM_HUB_PROXY": str(PROXY),
    })
    log = root / "jupyterhub.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
                                env=env, cwd=root, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    hub = Hub(proc, f"http://127.0.0.1:{port}", root, passwords, log, trainees)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({proc.returncode}):\n"
                                   f"{log.read_text(errors='replace')[-4000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{hub.url}/hub/health", timeout=5).status_code == 200:
                    return hub
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyterhub not ready after {timeout} s:\n"
                                   f"{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.3)
    except BaseException:
        hub.stop()
        raise
