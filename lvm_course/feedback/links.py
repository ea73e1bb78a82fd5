"""Invitation links, where the course is served.

A link needs a server that raters can reach without an account: the room
(``lvm-course room``) installs a link maker at start (:mod:`lvm_course.room.rating`).
Where none is installed (JupyterLab on a laptop, a JupyterHub, Voila) invitations are
files. A JupyterHub's own pages need a hub login, so they cannot carry a rater's form;
a hub that wants links runs a room beside it.
"""

from __future__ import annotations

from .rounds import LinkMaker

__all__ = ["link_maker", "set_link_maker"]

_maker: LinkMaker | None = None


def set_link_maker(maker: LinkMaker | None) -> None:
    """Install (or with ``None`` remove) the function that makes an invitation link."""
    global _maker
    _maker = maker


def link_maker() -> LinkMaker | None:
    """The installed link maker, or ``None`` where invitations are files."""
    return _maker
