"""The course on a JupyterHub: what a single-user server asks the hub.

On a hub each trainee has a server of their own (one trainee per kernel, so
:func:`lvm_course.paths.home_dir` answers from ``LVM_COURSE_HOME`` as on a laptop). Two things are
the hub's own: who is a facilitator (:mod:`.access`), and the notebooks in each user's
home (:mod:`.notebooks`, run at a server's start by the server extension
:mod:`.extension`). The hub's configuration lives in ``deploy/`` (it runs in the hub's
environment, which need not have this package).
"""

from __future__ import annotations

__all__: list[str] = []


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "lvm_course.hub.extension"}]
