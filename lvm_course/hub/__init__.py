"""The course on a JupyterHub: what a single-user server asks the hub.

On a hub each trainee has a server of their own (one trainee per kernel, so
:func:`lvm_course.paths.home_dir` answers from ``LVM_COURSE_HOME`` as on a laptop). The
one thing the hub must decide is who is a facilitator: :mod:`.access`. The hub's own
configuration lives in ``deploy/`` (it runs in the hub's environment, which need not
have this package).
"""

from __future__ import annotations

__all__: list[str] = []
