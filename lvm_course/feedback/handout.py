"""The 360-degree handout: a PDF or PNG page like the self profile's (same page writer,
:mod:`lvm_course.handout`), with only what the rules let the report show."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..handout import _Pages, _sources
from ..palette import NEUTRAL, POLE_COLOURS
from .anonymity import SELF, Report
from .radar import line_label, radar_png

if TYPE_CHECKING:
    from ..content import Course

__all__ = ["feedback_pages", "write_feedback_handout"]


def _short(text: str, n: int = 92) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def feedback_pages(course: Course, report: Report, *, name: str | None = None,
                   dpi: int = 150) -> _Pages:
    """Lay out the handout (``.texts()`` says what it shows; tests read it)."""
    page = _Pages(dpi)
    page.text("Leadership and management: how others see me", size=16, bold=True,
              wrap=None, gap=0.2)
    who = f"{name} · " if name else ""
    page.text(f"{who}{datetime.now(UTC).strftime('%d %B %Y')} · {report.total} colleague(s) "
              f"answered · groups shown on their own from {report.k} raters", size=10,
              colour="#555555", gap=0.3)
    counts = "; ".join(f"{g.label} {g.raters}" + ("" if g.shown or not g.raters
                                                  else " (merged into all others)")
                       for g in report.counts)
    page.text("Raters: " + counts, size=9, gap=0.3)
    about = course.disclaimer.text if course.disclaimer is not None else ""
    page.text("Ratings say how often, from 1 (never) to 5 (always). " + about, size=8.5,
              colour="#7a4b00", wrap=112, gap=0.3)
    for note in report.notes:
        page.text(note, gap=0.3)
    if report.combined:
        page.image(radar_png(course, report.lines, dpi=180, title=None), 0.3)
        page.text("Scores (1 to 5; - where a line has too few raters for it)", size=12,
                  bold=True, gap=0.2)
        for dim in course.dimensions:
            values = "   ".join(
                f"{line_label(line)} "
                + ("-" if line.scores.get(dim.id) is None else f"{line.scores[dim.id]:.1f}")
                for line in report.lines)
            page.text(f"{dim.name}: {values}", size=9,
                      colour=POLE_COLOURS.get(dim.pole, NEUTRAL), wrap=110, gap=0.1)
        if any(line.key == SELF for line in report.lines):
            for title, rows in (("Blind spots (you rate yourself higher than others do)",
                                 report.blind_spots),
                                ("Hidden strengths (others rate you higher than you do)",
                                 report.hidden_strengths)):
                page.text(title, size=12, bold=True, gap=0.2)
                if not rows:
                    page.text("None of half a point or more.", gap=0.2)
                for row in rows:
                    page.text(f"• {_short(row.item.text)}  you {row.yours}, others "
                              f"{row.mean:.1f} (gap {row.gap:+.1f})", indent=0.02, gap=0.1)
        page.text("Comments", size=12, bold=True, gap=0.2)
        if report.comments:
            for comment in report.comments:
                page.text("• " + " ".join(comment.split()), indent=0.02, wrap=105, gap=0.15)
        else:
            page.text(report.comments_note, gap=0.2)
    _sources(page, course, [course.disclaimer.source] if course.disclaimer else [])
    return page


def write_feedback_handout(course: Course, report: Report, out_path: Path | str, *,
                           name: str | None = None) -> Path:
    """Write the handout as PDF or PNG (by suffix), atomically."""
    return feedback_pages(course, report, name=name).save(Path(out_path))
