"""The 360-degree radar: you, each group shown on its own, and all others.

Built on the course's :class:`~lvm_course.charts.RadarChart` (the same axes, labels and
pole colours as the self profile), with one line per line of the report. Each line
differs by colour (Okabe-Ito), line style *and* marker, so it reads in greyscale and
for colour-blind readers; a legend names each with its number of raters. A dimension
the rules do not allow for a line is a gap in it, never a guess. :func:`radar_alt`
says the same in words.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..palette import BAND, BLACK, NEUTRAL, ORANGE, OTHER, PURPLE
from .anonymity import ALL, SELF, Line

if TYPE_CHECKING:
    from ..content import Course

__all__ = ["STYLES", "line_label", "radar_alt", "radar_png"]

#: key -> (colour, line style, marker)
STYLES: dict[str, tuple[str, object, str]] = {
    SELF: (NEUTRAL, "-", "o"),
    ALL: (OTHER, "--", "s"),
    "manager": (ORANGE, ":", "^"),
    "peer": (BAND, "-.", "D"),
    "report": (PURPLE, (0, (6, 2, 1, 2, 1, 2)), "v"),
    "other": (BLACK, (0, (1, 1.5)), "P"),
}
_SPARE = [(ORANGE, (0, (3, 1, 1, 1)), "X"), (PURPLE, (0, (8, 3)), "h")]


def line_label(line: Line) -> str:
    if line.key == SELF:
        return "You"
    return f"{line.label} ({line.raters} rater{'s' if line.raters != 1 else ''})"


def _describe(course: Course, line: Line) -> str:
    parts = []
    for pole in ("leadership", "management"):
        for dim in course.dimensions_of(pole):
            value = line.scores.get(dim.id)
            parts.append(f"{dim.short} {value:.1f}" if value is not None
                         else f"{dim.short} not shown")
    return f"{line_label(line)}: " + ", ".join(parts)


def radar_alt(course: Course, lines: list[Line]) -> str:
    """The radar in words: every line's score on each dimension, 1 to 5."""
    if not lines:
        return "Radar chart: nothing to show yet."
    return ("Radar chart of how you see yourself and how others see you, six dimensions, "
            "1 to 5. " + "; ".join(_describe(course, line) for line in lines) + ".")


def radar_png(course: Course, lines: list[Line], *, dpi: int = 110,
              title: str | None = "You and others") -> bytes:
    """The chart as PNG bytes (a full render, for the page and the handout)."""
    from ..charts import RadarChart

    chart = RadarChart(course, title=title, size=5.2, dpi=dpi)
    chart.update(None)
    chart.legend.set_text("")
    chart.ax.set_position((0.27, 0.27, 0.46, 0.55))
    closed = chart._closed_angles
    spare = iter(_SPARE * 3)
    handles = []
    for line in lines:
        colour, style, marker = STYLES.get(line.key) or next(spare)
        r = [line.scores.get(d.id) for d in chart.dims]
        r = [math.nan if v is None else v for v in r]
        (artist,) = chart.ax.plot(closed, [*r, r[0]], color=colour, linestyle=style,
                                  marker=marker, markersize=7 if line.key == SELF else 6,
                                  linewidth=2.6 if line.key == SELF else 2.0,
                                  label=line_label(line), zorder=6 if line.key == SELF else 5)
        handles.append(artist)
    if handles:
        legend = chart.fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=9,
                                  frameon=False, handlelength=3.2,
                                  bbox_to_anchor=(0.5, 0.0))
        for text in legend.get_texts():
            text.set_parse_math(False)
    return chart.png_full(dpi)
