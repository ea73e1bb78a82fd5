"""The Solara app of the room (``SOLARA_APP=lvm_course.room.app``): its routes.

``/`` is the start page (part 00), ``/part/<id>`` each part in course order,
``/facilitator`` the facilitator's page (the join code, the counts, the live
session's controls), ``/stage`` the live session for the projector, ``/board`` the
group board. Solara answers 404 for any other page address.
"""

from __future__ import annotations

import os
from pathlib import Path

import solara

from . import account, live, rating, visitors
from .notebook import NOTEBOOKS
from .pages import BoardPage, FacilitatorPage, PartPage, RoomLayout, StagePage, StartPage

visitors.install()
account.install(Path(os.environ["LVM_ROOM_DIR"]))
live.install(Path(os.environ["LVM_ROOM_DIR"]))
rating.install(Path(os.environ["LVM_ROOM_DIR"]), os.environ.get("LVM_ROOM_JOIN_URL", "/"))


def _part_page(part_id: str):  # noqa: ANN202 - a Solara component
    @solara.component
    def Part() -> None:
        PartPage(part_id)

    Part.__name__ = f"Part_{part_id}"
    return Part


def _part_routes() -> list[solara.Route]:
    ids = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return [solara.Route(path=i, component=_part_page(i), label=i)
            for i in ids if i != "00_start_here"]


routes = [
    solara.Route(path="/", component=StartPage, label="Start", layout=RoomLayout),
    solara.Route(path="part", children=_part_routes()),
    solara.Route(path="facilitator", component=FacilitatorPage, label="Facilitator"),
    solara.Route(path="board", component=BoardPage, label="Board"),
    solara.Route(path="stage", component=StagePage, label="Stage"),
]
