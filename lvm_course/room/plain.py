"""The room's own small HTML pages: forms and refusals, with no script.

The resume form, a rater's "thank you", "too many tries", "for the facilitator only":
each is one short document with the course's stylesheets, a ``<main>`` landmark and
an escaped title, served by :mod:`.server` and :mod:`.rating` with the strict policy
of :data:`.guard.PLAIN_CSP` (or the rater form's own).
"""

from __future__ import annotations

import html

__all__ = ["plain_page", "refusal"]


def plain_page(title: str, body: str, status: int = 200) -> tuple[int, bytes]:
    """``(status, document)``: ``body`` (already safe HTML) under an escaped ``title``."""
    doc = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<link rel="icon" href="data:,"><title>{html.escape(title)}</title>'
           f'<link rel="stylesheet" href="/room-static/course.css">'
           f'<link rel="stylesheet" href="/room-static/room.css"></head>'
           f'<body class="lvm-plain"><main class="lvm-main" aria-label="{html.escape(title)}">'
           f"{body}</main></body></html>")
    return status, doc.encode("utf-8")


def refusal(title: str, text: str, status: int) -> tuple[int, bytes]:
    """A page that says why not: a heading and one paragraph (``text`` is safe HTML)."""
    return plain_page(title, f"<h1>{html.escape(title)}</h1><p>{text}</p>", status)
