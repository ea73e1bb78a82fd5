"""JupyterHub for the course on one machine (The Littlest JupyterHub's design).

Copy ``deploy/jupyterhub_config.py`` and ``deploy/lvm_hub.py`` into one folder (e.g.
``/etc/jupyterhub/``), edit the values under *Your site*, and run the hub as root:
``jupyterhub -f /etc/jupyterhub/jupyterhub_config.py``. The course's settings come from
``lvm_hub.configure`` — the same function, with the same arguments but the addresses,
that the test suite's hub runs (``tests/hub/jupyterhub_config.py``). What differs here
is what the tests cannot do without root-created Unix users:

- **SystemdSpawner**: every trainee's server runs as their own Unix user, in a systemd
  unit with the memory and CPU limits enforced, a private /tmp and no sudo. Their
  answers (``~/.lvm_course``) are theirs alone by file permissions.
- **PAM logins** for the Unix users in the ``lvm-course`` Unix group (create them with
  ``useradd``; or swap in your organisation's authenticator, e.g. OAuthenticator).
- **The group folder as a drop box**: trainees may put a file in, only facilitators
  may read (README, *JupyterHub*, for the commands that make it so).

Needs, in the hub's environment: ``jupyterhub``, ``jupyterhub-systemdspawner``,
``jupyterhub-idle-culler`` (the versions the tests ran are pinned in
requirements-test.txt; the spawner is not, nothing here runs it) and
``configurable-http-proxy`` (npm, tests/hub/proxy/package.json); in the users'
environment (``USER_ENV``): the course, ``pip install -r requirements.txt`` from a
clone of this repository.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lvm_hub import configure  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# --- Your site ------------------------------------------------------------------------
USER_ENV = "/opt/lvm-course/.venv"     # the course's venv (make .venv/.course in a clone)
GROUP_DIR = "/srv/lvm-group"            # the drop-box group folder
ADMINS = ["hubadmin"]                   # Unix user names of hub admins
FACILITATORS = []                       # or add them later in the hub's admin page
COHORTS = {}                            # e.g. {"ward7-nov": ["ana", "ben"]}; or none
# ---------------------------------------------------------------------------------------

configure(c, group_dir=GROUP_DIR, facilitators=FACILITATORS, admins=ADMINS,
          cohorts=COHORTS, python=sys.executable)

c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # put HTTPS (nginx, Caddy) in front
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {"lvm-course"}
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = False
c.SystemdSpawner.user_workingdir = "/home/{USERNAME}"
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.SystemdSpawner.default_shell = "/bin/bash"
c.Spawner.cmd = [f"{USER_ENV}/bin/jupyterhub-singleuser"]
