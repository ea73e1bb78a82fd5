"""What one visitor may take from the room: the limits, as settings with their defaults.

A room is one process on the facilitator's laptop serving 5-300 trainees. Anyone on
the same network can reach it, so nothing one address, one browser or one trainee
does may use up what the others need: memory (a page is a virtual kernel, about
6 MB), the room folder (a trainee is a folder), connections, and the facilitator's
patience. Each limit is an environment variable (``LVM_ROOM_<NAME>``) read when the
room starts; the README's room section lists them with what a trainee or facilitator
sees when one is reached.

The defaults are sized for a room of 300 with room to spare: a trainee with a phone
and a laptop and a few tabs, a facilitator with the projector, the board and a phone.
Raise the per-address limits when many trainees reach the room through one address
(a proxy or a NAT: then also say ``--behind-proxy``, so the room sees their own).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    """The room's limits (``Limits.from_env()`` reads the ``LVM_ROOM_*`` settings)."""

    #: course pages (virtual kernels) one trainee may hold, over all their devices
    pages_per_trainee: int = 8
    #: pages one network address may hold (a hotspot gives each phone its own address)
    pages_per_address: int = 40
    #: pages the whole room may hold (about 6 MB each: 900 is about 5.4 GB at most)
    pages: int = 900
    #: new trainees one address may start in ten minutes (a first visit starts one)
    joins_per_address: int = 40
    #: trainees the room folder may hold in all
    trainees: int = 3000
    #: open connections one address may hold (a browser opens about 6 per site)
    connections_per_address: int = 64
    #: open connections overall (uvicorn's ``limit_concurrency``)
    connections: int = 3000
    #: seconds a request may take to send its headers
    header_timeout: float = 10.0
    #: seconds a request may take to send its body, once its headers are in
    body_timeout: float = 20.0
    #: wrong resume codes (or unknown feedback links) an address may try in ten minutes
    #: before each further try must wait, doubling from 2 s to at most a minute
    free_guesses: int = 10

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, with any ``LVM_ROOM_<NAME>`` given in ``environ`` (default:
        ``os.environ``) instead.

        Raises:
            ValueError: a setting that is not a positive number, naming the variable.
        """
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            var = f"LVM_ROOM_{f.name.upper()}"
            raw = environ.get(var)
            if raw is None or raw.strip() == "":
                continue
            kind = float if isinstance(f.default, float) else int
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(f"{var}={raw!r} is not a number") from None
            if value <= 0:
                raise ValueError(f"{var}={raw!r} must be more than 0")
            values[f.name] = value
        return cls(**values)
