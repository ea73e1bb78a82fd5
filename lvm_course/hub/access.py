"""Who may open the group board on a JupyterHub: hub admins and one named group.

Decisions:

- **The hub decides.** A single-user server has the hub's address and a token of its
  user (``JUPYTERHUB_API_URL``, ``JUPYTERHUB_API_TOKEN``); :func:`board_access` asks
  ``GET /hub/api/user`` with it and allows the board to an admin or to a member of the
  facilitators' group (``LVM_COURSE_FACILITATORS``, default ``lvm-facilitators``).
  Groups are managed where the hub manages them (its admin page, its API, or
  ``load_groups`` in ``deploy/lvm_hub.py``), never in this package.
- **Closed when unsure.** No answer from the hub, an error, or a token that may not read
  its user's groups (the hub config grants ``read:users:groups!user`` and
  ``read:users:name!user`` to the server token) all refuse, with a sentence saying why.
- **Off a hub** (no ``JUPYTERHUB_API_TOKEN``: a laptop, ``make present``, the room) this
  says yes: there the person at the keyboard is the facilitator, and the room guards
  its board with its own key.
- **What this is not.** The check runs in the user's own kernel, so it keeps the board
  from trainees who open the notebook, not from someone who writes code to read the
  group folder. That is the operating system's job: per-user Unix users and a group
  folder trainees can write into but not read (README, *JupyterHub*).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

__all__ = ["DEFAULT_GROUP", "BoardAccess", "board_access", "facilitators_group", "on_hub"]

DEFAULT_GROUP = "lvm-facilitators"
_TIMEOUT = 10.0


@dataclass(frozen=True)
class BoardAccess:
    """The verdict: ``allowed``, who asked (``None`` off a hub), and why, in words."""

    allowed: bool
    user: str | None
    reason: str


def on_hub() -> bool:
    """Whether this kernel runs in a JupyterHub single-user server."""
    return bool(os.environ.get("JUPYTERHUB_API_TOKEN"))


def facilitators_group() -> str:
    """The hub group whose members may open the board."""
    return os.environ.get("LVM_COURSE_FACILITATORS", "").strip() or DEFAULT_GROUP


def _ask_hub(api_url: str, token: str) -> dict[str, object]:
    # the scheme was checked by the caller: http(s) only
    request = urllib.request.Request(api_url.rstrip("/") + "/user",  # noqa: S310
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=_TIMEOUT) as resp:  # noqa: S310
        model = json.loads(resp.read(1 << 20).decode("utf-8"))
    if not isinstance(model, dict):
        raise ValueError("the hub's answer is not a user")
    return model


def board_access() -> BoardAccess:
    """May the person running this kernel see the group board?"""
    if not on_hub():
        return BoardAccess(True, None, "not on a JupyterHub: this machine's user")
    user = os.environ.get("JUPYTERHUB_USER") or None
    group = facilitators_group()
    refused = (f"The group board is for the course's facilitators: hub admins and members "
               f"of the hub group '{group}'.")
    api = os.environ.get("JUPYTERHUB_API_URL", "")
    if not api.startswith(("http://", "https://")):
        return BoardAccess(False, user, f"{refused} This server does not know its hub's "
                           "address, so it cannot check; ask your hub admin.")
    try:
        model = _ask_hub(api, os.environ["JUPYTERHUB_API_TOKEN"])
    except (OSError, ValueError, urllib.error.URLError):
        return BoardAccess(False, user, f"{refused} The hub did not answer the check; "
                           "try again in a minute, or ask your hub admin.")
    name = model.get("name") if isinstance(model.get("name"), str) else user
    if model.get("admin") is True:
        return BoardAccess(True, name, "a hub admin")
    groups = model.get("groups")
    if isinstance(groups, list) and group in groups:
        return BoardAccess(True, name, f"a member of '{group}'")
    if groups is None:
        return BoardAccess(False, name, f"{refused} This server may not read your hub "
                           "groups (its token lacks read:users:groups); ask your hub admin.")
    return BoardAccess(False, name, f"{refused} Ask your hub admin to add you to "
                       f"'{group}' if you run this course.")
