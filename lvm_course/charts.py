"""The radar chart of a profile, fast enough to redraw on every answer.

Design (measured in ``bench/bench_radar.py``): the naive way, a new figure per
change (what ``ipywidgets.interactive_output`` + pyplot does), pays for building
axes, ticks and labels every time. :class:`RadarChart` builds its figure once with
the object-oriented API (``Figure`` + ``FigureCanvasAgg``; pyplot is never touched,
so there is no global state and no GUI backend), and :meth:`RadarChart.update` only
moves the data of lines that already exist. The PNG encode is then most of the cost.

Reading the chart:

- six axes, the three leadership processes on the right half (blue, solid) and the
  three management processes on the left half (vermillion), named on the axis;
- the profile is a dark outline with round markers; an incomplete dimension has no
  point (a gap), never a guessed one;
- a short bar across each point shows the spread of that dimension's items, so a
  short scale's uncertainty is visible;
- an optional overlay (an earlier self, a colleague, the facilitator) is a dashed
  green line with square markers, so it reads without colour too.

:meth:`RadarChart.alt_text` gives the same numbers in words, shown beside the image
and used as its ``alt`` text.
"""

from __future__ import annotations

import base64
import html
import io
import math
from typing import TYPE_CHECKING

from .palette import GRID, NEUTRAL, OTHER, POLE_COLOURS

if TYPE_CHECKING:
    from .content import Course
    from .scoring import Scores

__all__ = ["RadarChart", "img_html", "radar_alt", "radar_png"]

_NAN = float("nan")


#: Axis labels are read from the back of a room: keep them large.
LABEL_SIZE = 11.0


class RadarChart:
    """A reusable radar figure for one profile (plus an optional overlay)."""

    def __init__(self, course: Course, *, title: str | None = None, size: float = 5.0,
                 dpi: int = 96):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.course = course
        self.dims = list(course.dimensions_of("leadership")) + \
            list(course.dimensions_of("management"))
        n = len(self.dims)
        # Leadership on the right half, management on the left, first axis at the top.
        self.angles = [(math.pi / 2 - 2 * math.pi * (k + 0.5) / n) % (2 * math.pi)
                       for k in range(n)]
        self.fig = Figure(figsize=(size * 1.3, size), dpi=dpi, layout=None)
        self.canvas = FigureCanvasAgg(self.fig)
        ax = self.ax = self.fig.add_axes((0.27, 0.19, 0.46, 0.6), projection="polar")
        ax.set_ylim(0, 5)
        ax.set_yticks([1, 2, 3, 4, 5])
        ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=8, color="#555555")
        ax.set_rlabel_position(90)
        ax.set_xticks(self.angles)
        ax.set_xticklabels([])
        ax.grid(color=GRID, linewidth=0.8)
        ax.spines["polar"].set_color(GRID)
        for angle, dim in zip(self.angles, self.dims, strict=True):
            colour = POLE_COLOURS.get(dim.pole, NEUTRAL)
            ha = "left" if math.cos(angle) > 0.1 else "right" if math.cos(angle) < -0.1 \
                else "center"
            ax.text(angle, 5.6, f"{dim.short}\n({dim.pole})", ha=ha, va="center",
                    fontsize=LABEL_SIZE, color=colour, fontweight="bold",
                    parse_math=False, clip_on=False)
            # A coloured spoke says which pole each axis belongs to.
            ax.plot([angle, angle], [0, 5], color=colour, linewidth=2.2, alpha=0.55,
                    solid_capstyle="butt", zorder=1)
        closed = [*self.angles, self.angles[0]]
        self._closed_angles = closed
        (self.line,) = ax.plot(closed, [_NAN] * (n + 1), color=NEUTRAL, linewidth=2.4,
                               marker="o", markersize=7, zorder=4, label="You")
        (self.fill,) = ax.fill(closed, [0.0] * (n + 1), color=NEUTRAL, alpha=0.08,
                               zorder=2)
        self.spreads = [ax.plot([a, a], [_NAN, _NAN], color=NEUTRAL, linewidth=5,
                                alpha=0.35, solid_capstyle="round", zorder=3)[0]
                        for a in self.angles]
        (self.overlay,) = ax.plot(closed, [_NAN] * (n + 1), color=OTHER, linewidth=2.2,
                                  linestyle="--", marker="s", markersize=6, zorder=5,
                                  label="Comparison")
        self.title = self.fig.text(0.5, 0.965, title or "", ha="center", va="top",
                                   fontsize=13, fontweight="bold", parse_math=False)
        self.legend = self.fig.text(0.5, 0.025, "", ha="center", va="bottom", fontsize=9.5,
                                    color="#333333", parse_math=False)
        self._base_title = title or ""
        # Blitting: everything static is rendered once into a background buffer;
        # an update restores it and draws only these artists on top.
        self._dynamic = [self.fill, *self.spreads, self.line, self.overlay]
        self._fig_dynamic = [self.title, self.legend]
        for artist in self._dynamic + self._fig_dynamic:
            artist.set_animated(True)
        self._background = None
        self._scores: Scores | None = None
        self._overlay: Scores | None = None
        self._overlay_label: str | None = None
        self._label: str | None = None

    # --- data -------------------------------------------------------------------
    def _radii(self, scores: Scores | None) -> list[float]:
        if scores is None:
            return [_NAN] * len(self.dims)
        out = []
        for dim in self.dims:
            d = scores.dimensions.get(dim.id)
            out.append(_NAN if d is None or d.score is None else d.score)
        return out

    def update(self, scores: Scores | None, *, overlay: Scores | None = None,
               overlay_label: str | None = None, label: str | None = None) -> RadarChart:
        """Move the lines to new scores (nothing else is rebuilt)."""
        self._scores, self._overlay = scores, overlay
        self._overlay_label, self._label = overlay_label, label
        r = self._radii(scores)
        self.line.set_ydata([*r, r[0]])
        # The fill needs a closed polygon of finite points; incomplete axes sit at 0.
        xy = [(a, 0.0 if math.isnan(v) else v) for a, v in zip(self.angles, r, strict=True)]
        self.fill.set_xy([*xy, xy[0]])
        for k, dim in enumerate(self.dims):
            d = scores.dimensions.get(dim.id) if scores is not None else None
            if d is None or d.score is None or not d.spread:
                self.spreads[k].set_ydata([_NAN, _NAN])
            else:
                self.spreads[k].set_ydata([max(1.0, d.score - d.spread),
                                           min(5.0, d.score + d.spread)])
        o = self._radii(overlay)
        self.overlay.set_ydata([*o, o[0]])
        title = self._base_title
        if label:
            title = f"{title}: {label}" if title else label
        self.title.set_text(title)
        legend = "● solid dark line: " + (label or "you")
        if overlay is not None:
            legend += f"    ■ dashed green line: {overlay_label or 'comparison'}"
        legend += "\nshaded bars: spread of the answers on each dimension"
        self.legend.set_text(legend)
        return self

    # --- output -----------------------------------------------------------------
    def _render(self) -> None:
        if self._background is None:
            self.canvas.draw()  # the static parts only: dynamic artists are "animated"
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self.canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.ax.draw_artist(artist)
        for artist in self._fig_dynamic:
            self.fig.draw_artist(artist)

    def png(self) -> bytes:
        """The chart as PNG bytes: background blit + data lines + a fast PNG encode."""
        from PIL import Image

        self._render()
        width, height = self.canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
        return buf.getvalue()

    def _save(self, fmt: str, **kwargs: object) -> bytes:
        """A full (non-blitted) render, e.g. vector SVG or a high-resolution PNG."""
        for artist in self._dynamic + self._fig_dynamic:
            artist.set_animated(False)
        try:
            buf = io.BytesIO()
            self.fig.savefig(buf, format=fmt, **kwargs)
            return buf.getvalue()
        finally:
            for artist in self._dynamic + self._fig_dynamic:
                artist.set_animated(True)

    def svg(self) -> bytes:
        """The chart as SVG bytes (stays sharp on a projector or in print)."""
        return self._save("svg")

    def png_full(self, dpi: int | None = None) -> bytes:
        """A full-quality PNG (for handouts), optionally at another resolution."""
        return self._save("png", dpi=dpi or self.fig.dpi)

    def alt_text(self) -> str:
        """The chart's numbers in words (alt text, and shown beside the chart)."""
        return radar_alt(self.course, self._scores, overlay=self._overlay,
                         overlay_label=self._overlay_label, label=self._label)


def _describe(course: Course, scores: Scores) -> str:
    parts = []
    for pole in ("leadership", "management"):
        for dim in course.dimensions_of(pole):
            d = scores.dimensions.get(dim.id)
            if d is None or d.score is None:
                answered = 0 if d is None else d.answered
                total = len(course.items_of(dim.id)) if d is None else d.total
                parts.append(f"{dim.name} ({pole}) not enough answers yet "
                             f"({answered} of {total})")
            else:
                parts.append(f"{dim.name} ({pole}) {d.score:.1f}")
    text = "; ".join(parts) + "."
    if scores.balance is not None:
        text += f" Leadership {scores.leadership:.1f}, management {scores.management:.1f}."
    return text


def radar_alt(course: Course, scores: Scores | None, *, overlay: Scores | None = None,
              overlay_label: str | None = None, label: str | None = None) -> str:
    """Describe a radar chart in words: every dimension's score on 1 to 5."""
    who = label or "your profile"
    if scores is None or scores.answered == 0:
        return f"Radar chart of {who} on six dimensions, 1 to 5: no answers yet."
    text = f"Radar chart of {who} on six dimensions, 1 to 5: " + _describe(course, scores)
    if overlay is not None:
        text += f" Compared with {overlay_label or 'another profile'}: " + \
            _describe(course, overlay)
    return text


def radar_png(course: Course, scores: Scores, *, overlay: Scores | None = None,
              overlay_label: str | None = None, label: str | None = None,
              title: str | None = "Your profile", size: float = 5.0, dpi: int = 96) -> bytes:
    """Render one radar chart to PNG bytes (a one-off; use :class:`RadarChart` to redraw)."""
    chart = RadarChart(course, title=title, size=size, dpi=dpi)
    return chart.update(scores, overlay=overlay, overlay_label=overlay_label,
                        label=label).png()


def img_html(png: bytes, alt: str, *, width: str = "100%", max_width: str = "520px") -> str:
    """An ``<img>`` tag holding ``png`` inline, with ``alt`` escaped."""
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            f'style="width:{width};max-width:{max_width};height:auto" class="lvm-chart">')
