"""How the room's answers are drawn, as HTML: bars, a word cloud with its list, the
questions. Shared by the stage (the projector) and each trainee's banner.

Every figure is text first: each bar carries its label, its count and its share, the
course's answer is marked in words ("the course's answer") as well as by a heavier
bar, and the word cloud has the same words listed beside it, so everything reads in
greyscale, on a washed-out projector and to a screen reader. All text is escaped.
"""

from __future__ import annotations

import math
from typing import Any

from ..widgets.common import esc
from .questions import LiveQuestion
from .session import MIN_SHOWN

__all__ = ["bars", "questions_list", "word_cloud"]


def bars(q: LiveQuestion, results: dict[str, Any], *, reveal: bool) -> str:
    """One bar per option (a distribution for a scale), from :data:`MIN_SHOWN` answers."""
    n = results["n"]
    if not results["shown"]:
        more = MIN_SHOWN - n
        return (f"<p class='lvm-live-wait'>The results appear from {MIN_SHOWN} answers "
                f"({more} more to go).</p>")
    counts = results["counts"]
    top = max(counts.values(), default=0) or 1
    rows = []
    for o in q.options:
        c = counts.get(o.id, 0)
        share = round(100 * c / n) if n else 0
        right = reveal and q.answers and o.id in q.answers
        first = reveal and q.answers and o.id == q.answers[0]
        mark = (" <strong class='lvm-live-mark'>✓ the course's answer</strong>" if first else
                " <strong class='lvm-live-mark'>✓ also counts</strong>" if right else "")
        cls = "lvm-live-bar lvm-live-bar--right" if right else "lvm-live-bar"
        rows.append(
            f"<li><span class='lvm-live-label'>{esc(o.label)}{mark}</span>"
            f"<span class='lvm-live-track'><span class='{cls}' "
            f"style='width:{max(2, round(100 * c / top))}%'></span></span>"
            f"<span class='lvm-live-count'>{c} ({share}%)</span></li>")
    kind = "distribution" if q.kind == "scale" else "answers"
    return (f"<ul class='lvm-live-bars' aria-label='How the room answered: {kind} of {n}'>"
            + "".join(rows) + "</ul>")


def word_cloud(words: list[tuple[str, int]]) -> str:
    """The approved words, bigger the more often given, and the same words as a list."""
    if not words:
        return "<p class='lvm-live-wait'>No words shown yet: they appear as they are approved.</p>"
    top = max(n for _w, n in words)
    cloud = "".join(
        f"<span class='lvm-live-w{1 + min(4, int(4 * math.sqrt(n / top)))}'>{esc(w)}</span>"
        for w, n in sorted(words, key=lambda kv: kv[0]))
    listed = "".join(f"<li>{esc(w)}: {n}</li>" for w, n in words)
    return (f"<div class='lvm-live-words'><div class='lvm-live-cloud' aria-hidden='true'>"
            f"{cloud}</div><ol class='lvm-live-wordlist' aria-label='The words, most given "
            f"first'>{listed}</ol></div>")


def questions_list(shown: list[dict[str, Any]], limit: int = 8) -> str:
    """The room's approved questions: pinned first, then by votes; answered last."""
    if not shown:
        return "<p class='lvm-live-wait'>No questions shown yet.</p>"
    items = []
    for q in shown[:limit]:
        tags = " <strong>(pinned)</strong>" if q["pinned"] else ""
        tags += " <em>(answered)</em>" if q["answered"] else ""
        votes = f"{q['votes']} vote{'s' if q['votes'] != 1 else ''}"
        items.append(f"<li><span class='lvm-live-q'>{esc(q['text'])}</span>{tags} "
                     f"<span class='lvm-live-votes'>{votes}</span></li>")
    return "<ol class='lvm-live-questions'>" + "".join(items) + "</ol>"
