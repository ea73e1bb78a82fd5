"""Facilitator commands of the CLI (``aggregate``, ``export``); filled in with the group board."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["add_commands"]


def add_commands(sub: Any, commands: dict[str, Callable[..., int]]) -> None:
    """Register the facilitator subcommands on the ``lvm-course`` parser."""
