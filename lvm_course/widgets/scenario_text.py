"""The HTML of a branching scenario: a choice's outcome (what happens next, then the
feedback) and the end screen (the ending, the takeaway and the path taken).

Content text goes through :func:`.common.md` and trainee text through
:func:`.common.esc`: neither can become markup.
"""

from __future__ import annotations

from typing import Any

from ..branching import VERDICT_WORDS
from .common import cite, esc, md
from .quizzes import feedback_box

__all__ = ["OLD_KEYS", "STALE_NOTE", "VERDICTS", "outcome_html", "summary_html"]

#: verdict -> (shown as right?, feedback title, word in the path table)
VERDICTS = {v: (v != "rethink", title, VERDICT_WORDS[v]) for v, title in (
    ("best", "Good call."), ("accepted", "Defensible."), ("rethink", "Worth another look."))}

#: what the linear ward round (before branching) saved in the same store
OLD_KEYS = ("checked", "choices", "step")
STALE_NOTE = ("This scenario has changed since your progress in it was saved, so it "
              "starts again from the beginning.")

_CELL = "style='text-align:left;vertical-align:top;padding:0.25em 0.9em 0.25em 0'"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _best(step: Any) -> str:
    return " / ".join(md(c.label) for c in step.choices if c.verdict == "best")


def outcome_html(course: Any, step: Any, option: Any, why: str) -> str:
    """What happens next (the story), then the verdict, the reasoning and its source."""
    story = (f'<div class="lvm-consequence" role="status" aria-live="polite" '
             f'style="border:1px solid #bbb;border-left:5px solid #555;border-radius:4px;'
             f'background:#f6f6f6;color:#222;padding:0.4em 0.9em;margin:0.4em 0">'
             f'<div style="font-weight:700">What happens next</div>'
             f'<p style="margin:0.3em 0">{md(option.consequence)}</p></div>')
    ok, title, _ = VERDICTS[option.verdict]
    echo = f'<p style="margin:0.3em 0;color:#444">You wrote: “{esc(why.strip())}”</p>' \
        if why.strip() else ""
    best = "" if option.verdict == "best" else \
        f"<p style='margin:0.3em 0'>The best call here: {_best(step)}.</p>"
    return story + feedback_box(
        ok, title, f"{echo}<p style='margin:0.3em 0'>{md(option.feedback)}</p>{best}"
                   f"{cite(course, option.source)}")


def summary_html(course: Any, sc: Any, ending: Any, path: list[tuple[str, str]],
                 whys: dict[str, str]) -> str:
    """The end screen: the ending reached, the takeaway, and a table of the path."""
    steps = {s.id: s for s in sc.steps}
    rows, counts = [], {"best": 0, "accepted": 0, "rethink": 0}
    for n, (step_id, choice_id) in enumerate(path, 1):
        step = steps[step_id]
        option = next(c for c in step.choices if c.id == choice_id)
        ok, _, word = VERDICTS[option.verdict]
        counts[option.verdict] += 1
        colour = "#1e5e34" if ok else "#8a1c12"
        why = esc(whys.get(step_id, "").strip()) or "—"
        rows.append(f"<tr><td {_CELL}>{n}</td><th scope='row' {_CELL}>{esc(step.title)}</th>"
                    f"<td {_CELL}>{md(option.label)}</td><td {_CELL}><span style='color:"
                    f"{colour}'>{'✔' if ok else '✘'}</span> {word}</td>"
                    f"<td {_CELL}>{why}</td></tr>")
    caption = (f"Your path: {_n(len(path), 'decision')}, {_n(counts['best'], 'best call')}, "
               f"{counts['accepted']} defensible, "
               f"{counts['rethink']} worth another look")
    table = (f"<table class='lvm-path' style='border-collapse:collapse;margin:0.4em 0'>"
             f"<caption style='text-align:left;font-weight:600'>{caption}</caption><thead><tr>"
             f"<th scope='col' {_CELL}>#</th><th scope='col' {_CELL}>Step</th>"
             f"<th scope='col' {_CELL}>Your choice</th><th scope='col' {_CELL}>Verdict</th>"
             f"<th scope='col' {_CELL}>Your reasons</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>")
    end = (f'<h4 style="font-size:1.05em;font-weight:600;color:#222;margin:0.6em 0 0.2em">'
           f"The end: {esc(ending.title)}</h4>"
           f'<p style="margin:0.3em 0">{md(ending.text)}</p>{cite(course, ending.source)}')
    takeaway = feedback_box(None, "Takeaway", f"<p style='margin:0.3em 0'>"
                            f"{md(sc.takeaway.text)}</p>{cite(course, sc.takeaway.source)}")
    return end + takeaway + table + ("<p style='margin:0.3em 0'>To see where other choices "
                                     "lead, change your last choice or start over.</p>")
