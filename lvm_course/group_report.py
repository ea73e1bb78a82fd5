"""The group's charts and exports: radar, distributions, balance; PNG, PDF and CSV.

Decisions:

- matplotlib's object-oriented API only (``Figure`` + ``FigureCanvasAgg``): no pyplot,
  so nothing global, no GUI backend, safe in a kernel that draws other charts.
- The axes follow the personal radar in :mod:`.charts`: leadership on the right
  half, management on the left, so a trainee reads the group chart the same way.
- Colours from :mod:`.palette` (Okabe-Ito), and every distinction also carried by
  line style or marker; all text is at least 12 pt so it reads on a projector.
- Every chart has a text alternative with the same numbers in words
  (:func:`radar_alt`, :func:`distribution_alt`, :func:`balance_alt`).
- Nothing is drawn or exported below the anonymity threshold: every public function
  starts with :meth:`~.group.GroupSummary.require_ready`, which raises
  :class:`~.group.TooFewError` saying how many more profiles are needed.
- The CSV holds one row per participant with the dimension scores and the
  leadership / management / balance figures only: no answers, labels or file names.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import LvmCourseError
from .fileio import atomic_write_bytes
from .palette import BAND, GRID, LEADERSHIP, MANAGEMENT, NEUTRAL, OTHER, POLE_COLOURS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .content import Course
    from .group import GroupSummary
    from .scoring import Scores

__all__ = [
    "FONT", "balance_alt", "balance_figure", "distribution_alt", "distribution_figure",
    "figure_png", "radar_alt", "radar_figure", "write_csv", "write_report",
]

#: The smallest text on any group chart (points): read from the back of a room.
FONT = 12.0
_MAX_POINTS = 1500  # points drawn per dimension in the strip plot; the box uses all


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _ordered(course: Course, summary: GroupSummary) -> list[Any]:
    """Dimension summaries with leadership first (right half), then management."""
    by_id = {d.id: d for d in summary.dimensions}
    dims = list(course.dimensions_of("leadership")) + list(course.dimensions_of("management"))
    return [by_id[d.id] for d in dims if d.id in by_id]


def _lean(course: Course, balance: float) -> str:
    if abs(balance) < course.reading.gap:
        return "about even"
    return "leans to leadership" if balance > 0 else "leans to management"


# --- radar ---------------------------------------------------------------------------
def _draw_radar(ax: Axes, course: Course, summary: GroupSummary,
                overlay: Scores | None, overlay_label: str | None) -> None:
    dims = _ordered(course, summary)
    n = len(dims)
    angles = [(math.pi / 2 - 2 * math.pi * (k + 0.5) / n) % (2 * math.pi) for k in range(n)]
    closed = [*angles, angles[0]]
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_yticklabels(["1", "2", "3", "4", "5"], fontsize=FONT, color="#555555")
    ax.set_rlabel_position(90)
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    ax.grid(color=GRID, linewidth=0.8)
    ax.spines["polar"].set_color(GRID)
    for angle, d in zip(angles, dims, strict=True):
        colour = POLE_COLOURS.get(d.pole, NEUTRAL)
        ha = "left" if math.cos(angle) > 0.1 else "right" if math.cos(angle) < -0.1 \
            else "center"
        ax.text(angle, 5.7, f"{d.short}\n({d.pole})", ha=ha, va="center", fontsize=FONT + 1,
                color=colour, fontweight="bold", parse_math=False, clip_on=False)
        ax.plot([angle, angle], [0, 5], color=colour, linewidth=2.2, alpha=0.5, zorder=1)
    q1 = [d.q1 for d in dims]
    q3 = [d.q3 for d in dims]
    med = [d.median for d in dims]
    ax.fill_between(closed, [*q1, q1[0]], [*q3, q3[0]], color=BAND, alpha=0.45, zorder=2,
                    label="middle 50% of the group")
    ax.plot(closed, [*med, med[0]], color=NEUTRAL, linewidth=2.6, marker="o", markersize=8,
            zorder=4, label="group median")
    if overlay is not None:
        values = [overlay.dimensions[d.id].score if d.id in overlay.dimensions else None
                  for d in dims]
        r = [math.nan if v is None else v for v in values]
        ax.plot(closed, [*r, r[0]], color=OTHER, linewidth=2.2, linestyle="--", marker="s",
                markersize=7, zorder=5, label=overlay_label or "you")
    legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3,
                       fontsize=FONT, frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)


def radar_figure(course: Course, summary: GroupSummary, *, overlay: Scores | None = None,
                 overlay_label: str | None = None) -> Figure:
    """The group radar: median line and the middle-50% band on each dimension."""
    summary.require_ready()
    fig = _new_figure(8.0, 7.0)
    ax = fig.add_axes((0.2, 0.2, 0.6, 0.62), projection="polar")
    _draw_radar(ax, course, summary, overlay, overlay_label)
    fig.text(0.5, 0.97, f"Group profile: {summary.cohort} (n = {summary.n})", ha="center",
             va="top", fontsize=FONT + 4, fontweight="bold", parse_math=False)
    return fig


def radar_alt(course: Course, summary: GroupSummary, *, overlay: Scores | None = None,
              overlay_label: str | None = None) -> str:
    """The group radar in words."""
    summary.require_ready()
    parts = [f"{d.name} ({d.pole}) median {d.median:.1f}, middle half {d.q1:.1f} to "
             f"{d.q3:.1f}" for d in _ordered(course, summary)]
    text = (f"Group radar of {summary.n} profiles on six dimensions, 1 to 5: "
            + "; ".join(parts) + ".")
    if overlay is not None:
        own = [f"{course.dimension(k).name} {v.score:.1f}" for k, v in
               overlay.dimensions.items() if v.score is not None]
        text += f" Overlay ({overlay_label or 'you'}): " + "; ".join(own) + "."
    return text


# --- distributions ---------------------------------------------------------------------
def _draw_distributions(ax: Axes, course: Course, summary: GroupSummary) -> None:
    import numpy as np
    from matplotlib.patches import Rectangle

    dims = _ordered(course, summary)
    rng = np.random.default_rng(0)  # fixed jitter: the same folder draws the same chart
    for y, d in enumerate(reversed(dims)):
        colour = POLE_COLOURS.get(d.pole, NEUTRAL)
        values = np.asarray(d.values)
        if values.size > _MAX_POINTS:
            values = rng.choice(values, _MAX_POINTS, replace=False)
        jitter = rng.uniform(-0.22, 0.22, values.size)
        ax.add_patch(Rectangle((d.q1, y - 0.32), d.q3 - d.q1, 0.64, facecolor=BAND,
                               alpha=0.45, edgecolor=NEUTRAL, linewidth=1.2, zorder=1))
        ax.plot([d.median, d.median], [y - 0.32, y + 0.32], color=NEUTRAL, linewidth=3,
                zorder=3)
        marker = "o" if d.pole == "leadership" else "D"
        ax.scatter(values + rng.uniform(-0.04, 0.04, values.size), y + jitter, s=22,
                   color=colour, alpha=0.6 if values.size < 200 else 0.25, marker=marker,
                   linewidths=0, zorder=2)
    ax.set_yticks(range(len(dims)))
    ax.set_yticklabels([f"{d.short} ({d.pole})" for d in reversed(dims)],
                       fontsize=FONT)
    for label, d in zip(ax.get_yticklabels(), reversed(dims), strict=True):
        label.set_color(POLE_COLOURS.get(d.pole, NEUTRAL))
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(-0.6, len(dims) - 0.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.tick_params(labelsize=FONT)
    ax.set_xlabel("score (1 to 5); box: middle 50%, bar: median", fontsize=FONT)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def distribution_figure(course: Course, summary: GroupSummary) -> Figure:
    """One strip of points per dimension with its middle-50% box and median."""
    summary.require_ready()
    fig = _new_figure(9.0, 6.0)
    ax = fig.add_axes((0.3, 0.14, 0.65, 0.76))
    _draw_distributions(ax, course, summary)
    fig.text(0.5, 0.975, "Scores per dimension", ha="center", va="top", fontsize=FONT + 4,
             fontweight="bold")
    return fig


def distribution_alt(course: Course, summary: GroupSummary) -> str:
    """The distributions in words: range and quartiles per dimension."""
    summary.require_ready()
    parts = [f"{d.name}: lowest {min(d.values):.1f}, lower quartile {d.q1:.1f}, median "
             f"{d.median:.1f}, upper quartile {d.q3:.1f}, highest {max(d.values):.1f}"
             for d in _ordered(course, summary)]
    return f"Scores of {summary.n} profiles per dimension (1 to 5). " + "; ".join(parts) + "."


# --- balance ---------------------------------------------------------------------------
def _balance_counts(course: Course, summary: GroupSummary) -> dict[str, int]:
    counts = {"leans to leadership": 0, "about even": 0, "leans to management": 0}
    for b in summary.balance:
        counts[_lean(course, b)] += 1
    return counts


def _draw_balance(ax: Axes, course: Course, summary: GroupSummary) -> None:
    import numpy as np

    t = course.reading.gap
    values = np.asarray(summary.balance)
    edges = np.arange(-4.0, 4.0001, 0.25)
    counts, _ = np.histogram(np.clip(values, -4, 4), bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2
    colours = [LEADERSHIP if c >= t else MANAGEMENT if c <= -t else GRID for c in centres]
    hatches = ["//" if c >= t else "\\\\" if c <= -t else "" for c in centres]
    bars = ax.bar(centres, counts, width=0.23, color=colours, edgecolor="white", linewidth=0.5)
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    ax.axvline(0, color=NEUTRAL, linewidth=1.5)
    for x in (-t, t):
        ax.axvline(x, color=NEUTRAL, linewidth=1, linestyle=":")
    ax.set_xlim(-4, 4)
    ax.tick_params(labelsize=FONT)
    ax.set_xlabel("balance = leadership − management", fontsize=FONT)
    ax.set_ylabel("people", fontsize=FONT)
    top = max(int(counts.max()), 1)
    ax.set_ylim(0, top * 1.25)
    ax.text(-3.9, top * 1.18, "◀ leans to management", color=MANAGEMENT, fontsize=FONT,
            va="top", ha="left")
    ax.text(3.9, top * 1.18, "leans to leadership ▶", color=LEADERSHIP, fontsize=FONT,
            va="top", ha="right")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def balance_figure(course: Course, summary: GroupSummary) -> Figure:
    """A histogram of leadership − management across the room."""
    summary.require_ready()
    fig = _new_figure(9.0, 4.5)
    ax = fig.add_axes((0.1, 0.18, 0.86, 0.68))
    _draw_balance(ax, course, summary)
    fig.text(0.5, 0.97, "Leadership vs management balance across the room", ha="center",
             va="top", fontsize=FONT + 4, fontweight="bold")
    return fig


def balance_alt(course: Course, summary: GroupSummary) -> str:
    """The balance histogram in words."""
    import numpy as np

    summary.require_ready()
    c = _balance_counts(course, summary)
    med = float(np.median(summary.balance))
    return (f"Balance of {summary.n} profiles (leadership minus management; within "
            f"±{course.reading.gap:g} counts as about even): "
            f"{c['leans to leadership']} lean to leadership, {c['about even']} about even, "
            f"{c['leans to management']} lean to management; median balance {med:+.2f}.")


# --- exports ---------------------------------------------------------------------------
def _report_figure(course: Course, summary: GroupSummary, overlay: Scores | None,
                   overlay_label: str | None) -> Figure:
    fig = _new_figure(16.54, 11.69)  # A3 landscape: one page, legible when projected
    date = summary.made.strftime("%Y-%m-%d %H:%M UTC")
    fig.text(0.03, 0.975, f"Group report: {summary.cohort}", fontsize=FONT + 10,
             fontweight="bold", va="top", parse_math=False)
    skipped = f"; {len(summary.skipped)} unreadable file(s) left out" if summary.skipped \
        else ""
    fig.text(0.03, 0.93, f"{summary.n} profiles shared (minimum group {summary.min_group})"
             f"{skipped}; {summary.quiz_n} quiz result(s) shared. Made {date}.",
             fontsize=FONT + 2, va="top", parse_math=False)
    radar = fig.add_axes((0.11, 0.33, 0.3, 0.47), projection="polar")
    _draw_radar(radar, course, summary, overlay, overlay_label)
    dist = fig.add_axes((0.71, 0.47, 0.26, 0.4))
    _draw_distributions(dist, course, summary)
    bal = fig.add_axes((0.64, 0.08, 0.33, 0.27))
    _draw_balance(bal, course, summary)
    lines = [f"{d.name}: median {d.median:.1f} (middle half {d.q1:.1f}-{d.q3:.1f})"
             for d in _ordered(course, summary)]
    c = _balance_counts(course, summary)
    lines.append(f"Balance: {c['leans to leadership']} lean to leadership, "
                 f"{c['about even']} about even, {c['leans to management']} lean to management")
    fig.text(0.03, 0.19, "\n".join(lines), fontsize=FONT, va="top", linespacing=1.3)
    return fig


def write_report(course: Course, summary: GroupSummary, path: Path | str, *,
                 overlay: Scores | None = None, overlay_label: str | None = None) -> Path:
    """Write the one-page group report as ``.png`` or ``.pdf`` (atomically).

    Raises:
        TooFewError: below the anonymity threshold (nothing is written).
        LvmCourseError: another file type was asked for.
    """
    summary.require_ready()
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "pdf"):
        raise LvmCourseError(f"{path.name}: the group report is written as .png or .pdf")
    fig = _report_figure(course, summary, overlay, overlay_label)
    buf = io.BytesIO()
    fig.savefig(buf, format=kind, dpi=110 if kind == "png" else 100,
                metadata={"Title": f"Group report: {summary.cohort}"} if kind == "pdf"
                else None)
    atomic_write_bytes(path, buf.getvalue())
    return path


def write_csv(summary: GroupSummary, path: Path | str) -> Path:
    """One row per participant: dimension scores, leadership, management, balance.

    Raises:
        TooFewError: below the anonymity threshold (nothing is written).
    """
    summary.require_ready()
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["participant", *(d.id for d in summary.dimensions),
                  "leadership", "management", "balance"])
    columns = [d.values for d in summary.dimensions]
    for k in range(summary.n):
        row = [round(col[k], 4) for col in columns]
        row += [round(summary.leadership[k], 4), round(summary.management[k], 4),
                round(summary.balance[k], 4)]
        out.writerow([k + 1, *row])
    path = Path(path)
    atomic_write_bytes(path, buf.getvalue().encode("utf-8"))
    return path
