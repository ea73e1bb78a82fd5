"""The 360-degree report as HTML for the page (part 06): every value already cleared by
the rules (:mod:`.anonymity`), every text escaped, tables with captions and headers."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .anonymity import SELF, ItemRow, Report
from .radar import line_label

if TYPE_CHECKING:
    from ..content import Course

__all__ = ["counts_html", "report_html"]

_TABLE = 'class="lvm-table" style="border-collapse:collapse;width:100%;margin:0.4em 0 1em"'
#: cell spacing, and wide tables scroll inside their box on a phone (never the page)
STYLE = ("<style>.lvm-fb th,.lvm-fb td{padding:0.3em 0.5em;text-align:left;"
         "vertical-align:top;border-bottom:1px solid #d0d0d0}"
         ".lvm-fb .lvm-scroll{overflow-x:auto;max-width:100%}</style>")


def _wrap(table: str) -> str:
    return f'<div class="lvm-scroll">{table}</div>'


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _yours(course: Course, row: ItemRow) -> str:
    return "—" if row.yours is None else f"{row.yours} ({esc(course.scale[row.yours - 1])})"


def counts_html(course: Course, counts: dict[str, int], k: int) -> str:
    """While collecting: answers per group and what the rules need (no scores at all)."""
    rows = []
    for g in course.feedback.groups:
        n = counts.get(g.id, 0)
        if n >= k:
            state = "enough to be shown on their own"
        elif g.id == "manager" and course.feedback.allow_manager_alone and n:
            state = "may be shown on their own (your programme allows it)"
        else:
            state = f"{k - n} more to be shown on their own" if n else "none yet"
        rows.append(f"<tr><th scope='row' style='text-align:left'>{esc(g.label)}</th>"
                    f"<td>{n}</td><td>{esc(state)}</td></tr>")
    total = sum(counts.values())
    return _finish(f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>"
                   f"Answers received: {total}</caption><thead><tr><th scope='col'>Group</th>"
                   "<th scope='col'>Answers</th><th scope='col'>What the rules allow</th>"
                   f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _gap_table(course: Course, rows: list[ItemRow], caption: str, empty: str) -> str:
    if not rows:
        return f"<p><strong>{esc(caption)}</strong>: {esc(empty)}</p>"
    body = "".join(
        f"<tr><td>{esc(r.item.text)}</td><td>{_yours(course, r)}</td>"
        f"<td>{_num(r.mean)} <small>({r.rated} raters)</small></td>"
        f"<td>{r.gap:+.1f}</td></tr>" for r in rows)
    return (f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>"
            f"{esc(caption)}</caption><thead><tr><th scope='col'>Statement (your wording)"
            "</th><th scope='col'>You</th><th scope='col'>All others, on average</th>"
            "<th scope='col'>Gap</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _finish(html_text: str) -> str:
    import re

    wrapped = re.sub(r"(<table .*?</table>)", lambda m: _wrap(m.group(1)), html_text,
                     flags=re.S)
    return f'{STYLE}<div class="lvm-fb">{wrapped}</div>'


def report_html(course: Course, report: Report, chart_html: str = "") -> str:
    """The whole report (``chart_html``: the radar's ``<img>`` and its words)."""
    k = report.k
    parts = ["<h4>Who answered</h4>"]
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left'>{esc(g.label)}</th><td>{g.raters}</td>"
        f"<td>{'shown on their own' if g.shown else esc(g.why)}</td></tr>"
        for g in report.counts)
    parts.append(f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>"
                 f"{report.total} answer(s); a group is shown on its own from {k} raters"
                 "</caption><thead><tr><th scope='col'>Group</th><th scope='col'>Raters</th>"
                 f"<th scope='col'>In this report</th></tr></thead><tbody>{rows}</tbody>"
                 "</table>")
    parts += [f"<p>{esc(note)}</p>" for note in report.notes]
    if not report.combined:
        return _finish("".join(parts))
    parts.append("<h4>You and others, dimension by dimension</h4>" + chart_html)
    head = "".join(f"<th scope='col'>{esc(line_label(line))}</th>" for line in report.lines)
    body = "".join(
        f"<tr><th scope='row' style='text-align:left'>{esc(d.name)}<br><small>{esc(d.pole)}"
        "</small></th>" + "".join(f"<td>{_num(line.scores.get(d.id))}</td>"
                                  for line in report.lines) + "</tr>"
        for d in course.dimensions)
    parts.append(f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>Scores "
                 "(1 to 5; — where a line has too few raters for it)</caption><thead><tr>"
                 f"<th scope='col'>Dimension</th>{head}</tr></thead><tbody>{body}</tbody>"
                 "</table>")
    if not any(line.key == SELF for line in report.lines):
        parts.append("<p>Answer the questionnaire in part 05 to see yourself beside others, "
                     "and the gaps between.</p>")
    else:
        parts.append("<h4>The largest gaps</h4><p>Where your view and others' differ most. "
                     "<strong>Blind spots</strong>: you rate yourself higher than others do. "
                     "<strong>Hidden strengths</strong>: others rate you higher than you do. "
                     "For a statement where doing it more often is <em>less</em> of the "
                     "dimension, the gap is turned round so that it still reads this way.</p>")
        parts.append(_gap_table(course, report.blind_spots, "Blind spots",
                                "none of half a point or more"))
        parts.append(_gap_table(course, report.hidden_strengths, "Hidden strengths",
                                "none of half a point or more"))
    item_rows = []
    for row in report.items:
        if row.shown:
            others = (f"{_num(row.mean)} <small>({row.rated} raters; from {row.low} to "
                      f"{row.high})</small>")
            agree = esc(row.agreement)
        else:
            others = f"<small>not shown: {row.rated} rated it, fewer than {k}</small>"
            agree = ""
        item_rows.append(f"<tr><td>{esc(row.item.text)}</td><td>{_yours(course, row)}</td>"
                         f"<td>{others}</td><td>{agree}</td></tr>")
    parts.append("<h4>Statement by statement</h4>"
                 f"<table {_TABLE}><caption style='text-align:left;font-weight:bold'>How "
                 "often, from 1 (never) to 5 (always): your answer, and all others' average "
                 "and how far they agree</caption><thead><tr><th scope='col'>Statement</th>"
                 "<th scope='col'>You</th><th scope='col'>All others</th>"
                 "<th scope='col'>Agreement</th></tr></thead><tbody>"
                 + "".join(item_rows) + "</tbody></table>")
    parts.append("<h4>Comments</h4>")
    if report.comments:
        items = "".join("<li style='margin:0.4em 0'>" + "<br>".join(
            esc(x) for x in c.splitlines()) + "</li>" for c in report.comments)
        parts.append(f"<p>{esc(report.comments_note)}</p><ul class='lvm-comments'>{items}</ul>")
    else:
        parts.append(f"<p>{esc(report.comments_note)}</p>")
    return _finish("".join(parts))
