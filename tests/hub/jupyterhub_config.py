"""The test suite's hub: the course's settings from ``deploy/lvm_hub.py`` (what
``deploy/jupyterhub_config.py`` uses too), with what a test machine cannot have swapped:

- local processes (``SimpleLocalProcessSpawner``) instead of SystemdSpawner: every
  server runs as the test's own Unix user, with a home of its own under the test folder
  (so ``~/.lvm_course`` differs per user), but file permissions do not separate users;
- a test login (each user's own password, handed over by the test in the environment)
  instead of PAM;
- 127.0.0.1 addresses and ports chosen by the test, the proxy from ``.venv/proxy``.

Read by ``tests/hub/conftest.py`` and ``bench/bench_hub.py`` through ``LVM_HUB_*``
variables.
"""

import hmac
import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "deploy"))
from lvm_hub import configure  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file
root = Path(os.environ["LVM_HUB_ROOT"])
trainees = [u for u in os.environ.get("LVM_HUB_TRAINEES", "").split(",") if u]

configure(c, group_dir=str(root / "group"), facilitators=["facilitator"], admins=["admin"],
          cohorts={os.environ.get("LVM_HUB_COHORT", "ward7"): trainees},
          python=sys.executable)

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(root / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
if os.geteuid() == 0:
    c.Spawner.args = ["--allow-root", *c.Spawner.args]
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "PYTHONWARNINGS"]

PASSWORDS = json.loads(os.environ["LVM_HUB_PASSWORDS"])  # {user: password}


class TestPasswords(Authenticator):
    """Every user has a password of their own; any other user name or password fails."""

    async def authenticate(self, handler, data):
        user, given = str(data.get("username", "")), str(data.get("password", ""))
        expected = PASSWORDS.get(user)
        if expected and hmac.compare_digest(given.encode(), expected.encode()):
            return user
        return None


c.JupyterHub.authenticator_class = TestPasswords
c.Authenticator.allowed_users = set(PASSWORDS)

c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['LVM_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['LVM_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['LVM_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["LVM_HUB_PROXY"]]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = f"sqlite:///{root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(root / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(root / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
# Every login goes through the "server is starting" page, as on a busy hub (JupyterHub
# shows it only when a start takes longer than 10 s, which on this machine it rarely
# does): so the tests walk the page trainees see, and its fallback (deploy/templates).
c.JupyterHub.slow_spawn_timeout = 0
