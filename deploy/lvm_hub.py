"""The course's JupyterHub settings, shared by every single-machine hub config.

``deploy/jupyterhub_config.py`` (production: SystemdSpawner, Unix users) and
``tests/hub/jupyterhub_config.py`` (the test suite's hub: local processes, a test
login) both call :func:`configure`, so what the tests run is what an admin deploys;
each file sets only what differs (spawner, login, addresses). Plain Python with
JupyterHub's config object: the hub's own environment needs nothing of the course.

What it sets, and why:

- **Environment** for every single-user server: the group folder
  (``LVM_COURSE_SHARED_DIR``), the facilitators' hub group (``LVM_COURSE_FACILITATORS``,
  read by the group board), the folder the course's notebooks are copied into
  (``LVM_COURSE_NOTEBOOKS_DIR``, by the package's server extension), and the cohort
  (``LVM_COURSE_COHORT``) from the user's hub group named ``lvm-cohort-<name>``, so
  trainees share without typing a group name. Each trainee's own answers stay in their
  home (``~/.lvm_course``, the default ``LVM_COURSE_HOME``).
- **Default URL**: JupyterLab on the course's start page.
- **The server's token** may read its user's name, admin flag and groups, which the
  group board asks the hub (``lvm_course.hub.access``).
- **Facilitators**: hub admins, and the members of the ``lvm-facilitators`` group.
- **The "server is starting" page** (``templates/spawn_pending.html``): JupyterHub's
  own, reloading itself when its progress stream stays silent, so no trainee is left
  on it after their server has started (seen in ``bench/bench_hub.py``).
- **Idle culling**: ``jupyterhub-idle-culler`` as a hub service stops servers idle for
  ``cull_timeout`` (answers are on disk, so a returning trainee loses nothing); inside
  each server, kernels idle and unconnected for ``kernel_cull_timeout`` are shut down.
- **Memory and CPU**: ``mem_limit``/``mem_guarantee``/``cpu_limit`` from the measured
  figures (README, *JupyterHub*: ``bench/bench_hub.py``); spawners that enforce them
  (SystemdSpawner, KubeSpawner) do, local processes only see them as variables.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["COHORT_GROUP_PREFIX", "FACILITATORS_GROUP", "NOTEBOOKS_DIR", "cohort_of",
           "configure"]

FACILITATORS_GROUP = "lvm-facilitators"
COHORT_GROUP_PREFIX = "lvm-cohort-"
NOTEBOOKS_DIR = "lvm-course"
SERVER_TOKEN_SCOPES = ["users:activity!user", "access:servers!server",
                       "read:users:name!user", "read:users:groups!user"]


def cohort_of(spawner: Any) -> str:
    """The cohort of the spawner's user: ``x`` from their one ``lvm-cohort-x`` hub group
    (sorted first if several), or ``""`` (trainees then type a group name)."""
    names = sorted(g.name for g in spawner.user.groups
                   if g.name.startswith(COHORT_GROUP_PREFIX))
    return names[0][len(COHORT_GROUP_PREFIX):] if names else ""


def configure(c: Any, *, group_dir: str, facilitators: Iterable[str] = (),
              admins: Iterable[str] = (), cohorts: Mapping[str, Iterable[str]] | None = None,
              mem_limit: str = "1G", mem_guarantee: str = "512M", cpu_limit: float = 1.0,
              cull_timeout: int = 3600, cull_every: int = 300,
              kernel_cull_timeout: int = 1200, idle_culler: bool = True,
              python: str = sys.executable) -> None:
    """Apply the course's settings to JupyterHub's config ``c``.

    Args:
        group_dir: the shared group folder, the same path in every user's server.
        facilitators: users put in the ``lvm-facilitators`` hub group at start (more can
            be added in the hub's admin page or API; none are removed here).
        admins: hub admins (they can cull servers, and open the board).
        cohorts: ``{cohort: [users]}`` loaded as ``lvm-cohort-<cohort>`` hub groups.
        idle_culler: run ``jupyterhub-idle-culler`` (False where the platform runs its
            own, as TLJH does).
        python: the hub environment's Python (runs the culler).
    """
    env = c.Spawner.environment if isinstance(c.Spawner.environment, dict) else {}
    env.update({"LVM_COURSE_SHARED_DIR": str(group_dir),
                "LVM_COURSE_FACILITATORS": FACILITATORS_GROUP,
                "LVM_COURSE_NOTEBOOKS_DIR": NOTEBOOKS_DIR,
                "LVM_COURSE_COHORT": cohort_of})
    c.Spawner.environment = env
    c.Spawner.default_url = f"/lab/tree/{NOTEBOOKS_DIR}/00_start_here.ipynb"
    # the "server is starting" page that does not leave a trainee waiting on a silent
    # progress stream (templates/spawn_pending.html, beside this file)
    templates = Path(__file__).resolve().parent / "templates"
    if (templates / "spawn_pending.html").is_file():
        paths = list(c.JupyterHub.template_paths) \
            if isinstance(c.JupyterHub.template_paths, list) else []
        c.JupyterHub.template_paths = [str(templates), *paths]
    c.Spawner.server_token_scopes = SERVER_TOKEN_SCOPES
    c.Spawner.mem_limit = mem_limit
    c.Spawner.mem_guarantee = mem_guarantee
    c.Spawner.cpu_limit = cpu_limit
    # a burst of logins on a small machine: servers may take a while to come up
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 120
    args = list(c.Spawner.args) if isinstance(c.Spawner.args, list) else []
    c.Spawner.args = args + [
        f"--MappingKernelManager.cull_idle_timeout={kernel_cull_timeout}",
        "--MappingKernelManager.cull_interval=120",
        "--MappingKernelManager.cull_connected=False",
    ]

    groups = dict(c.JupyterHub.load_groups) if isinstance(c.JupyterHub.load_groups, dict) else {}
    groups[FACILITATORS_GROUP] = {"users": sorted(set(facilitators))}
    for cohort, users in (cohorts or {}).items():
        groups[COHORT_GROUP_PREFIX + cohort] = {"users": sorted(set(users))}
    c.JupyterHub.load_groups = groups
    admin_users = c.Authenticator.admin_users
    c.Authenticator.admin_users = set(admin_users if isinstance(admin_users, set | list)
                                      else ()) | set(admins)

    if idle_culler:
        services = list(c.JupyterHub.services) if isinstance(c.JupyterHub.services, list) \
            else []
        services.append({"name": "idle-culler",
                         "command": [python, "-m", "jupyterhub_idle_culler",
                                     f"--timeout={cull_timeout}",
                                     f"--cull-every={cull_every}"]})
        c.JupyterHub.services = services
        roles = list(c.JupyterHub.load_roles) if isinstance(c.JupyterHub.load_roles, list) \
            else []
        roles.append({"name": "idle-culler", "services": ["idle-culler"],
                      "scopes": ["list:users", "read:users:activity", "read:servers",
                                 "delete:servers"]})
        c.JupyterHub.load_roles = roles
