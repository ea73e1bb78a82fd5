"""A trainee's sign-in in the room, as the course's pages see it (:func:`..paths.account`).

The start page shows the trainee their resume code and offers a new one. Both go
through here, so a page never reads the room's own records: the code is worked out
from the room's secret (:meth:`.identity.Room.trainee`), and a new code
(:meth:`.identity.Room.new_code`) ends the old one, signs out the trainee's other
browsers and closes the pages those browsers still had open (:mod:`.capacity`); the
page that asked keeps going.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .. import paths
from . import capacity, visitors
from .identity import Room, Trainee, format_code, key_hash

__all__ = ["RoomAccount", "install"]


class RoomAccount:
    """:class:`..paths.Account` for the visitor behind the current page of ``room``."""

    def __init__(self, room: Room):
        self.room = room

    def _trainee(self) -> tuple[Trainee, str] | None:
        key = visitors.current_key()
        found = self.room.trainee_for_key(key)
        return (found, key) if found is not None and key is not None else None

    def resume_code(self) -> str | None:
        found = self._trainee()
        return format_code(found[0].resume_code) if found else None

    def new_resume_code(self) -> str:
        found = self._trainee()
        if found is None:
            raise ValueError("only a trainee's page has a resume code")
        trainee, key = found
        code = self.room.new_code(trainee.id, keep_key=key)
        registry = capacity.pages()
        if registry is not None:  # closing pages takes their locks: not on this page's
            threading.Thread(target=registry.close_other_keys, daemon=True,
                             args=(f"trainee:{trainee.id}", key_hash(key)),
                             name="room-sign-out").start()
        return format_code(code)


def install(room_dir: Path) -> None:
    """Give the room's pages their visitors' accounts (done once at start)."""
    paths.set_account(RoomAccount(Room(room_dir)))
