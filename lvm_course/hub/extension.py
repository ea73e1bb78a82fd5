"""A Jupyter server extension: the course's notebooks in the user's home on start.

Enabled for every Jupyter server of the environment by the installed server config
(``jupyter_server_config.d/lvm_course.json``), it does nothing unless
``LVM_COURSE_NOTEBOOKS_DIR`` names a folder (relative to the server's root, the user's
home): the hub config sets it for every user, so JupyterLab, Voila and the hub's
default URL find the course there. It never stops a server from starting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__: list[str] = []


def _load_jupyter_server_extension(serverapp: Any) -> None:
    name = os.environ.get("LVM_COURSE_NOTEBOOKS_DIR", "")
    if not name:
        return
    from .notebooks import install_notebooks, target_folder

    try:
        dest = target_folder(Path(serverapp.root_dir).expanduser(), name)
        copied = install_notebooks(dest)
        serverapp.log.info("lvm_course: %d course file(s) added to %s", len(copied), dest)
    except Exception:  # a missing course folder must not cost the trainee their server
        serverapp.log.exception("lvm_course: could not add the course's notebooks")
