"""One-page handouts a trainee takes away: their profile here, their action plan in
:mod:`.plan_handout` (which uses the same page writer).

Both are A4 pages drawn with matplotlib's object-oriented API (no pyplot, no
global state) and written atomically, as PDF or PNG by the file's suffix. Text is
laid out top to bottom by a small flowing writer; a plan with very long
commitments continues on a second PDF page (the PNG keeps the first page and says
so). Anything a trainee typed is drawn with ``parse_math=False`` so a ``$`` is a
dollar sign, not a formula. The profile handout says how the answers were given and
what the questionnaire is not (a validated test, or fit for appraisal).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fileio import atomic_write_bytes
from .interpret import lowest_dimensions, profile_reading
from .palette import NEUTRAL, POLE_COLOURS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .content import Course
    from .scoring import Scores

__all__ = ["profile_pages", "scale_sentence", "write_profile_handout"]

A4 = (8.27, 11.69)
_MARGIN = 0.06        # of the page width / height
_WRAP = 100           # characters per line of body text at 9.5 pt


class _Pages:
    """Flowing text and images on A4 figures, top to bottom, new page when full."""

    def __init__(self, dpi: int):
        self.dpi = dpi
        self.figures: list[Figure] = []
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        from matplotlib.figure import Figure

        self.fig = Figure(figsize=A4, dpi=self.dpi)
        self.figures.append(self.fig)
        self.y = 1 - _MARGIN

    def _room(self, height: float) -> None:
        if self.y - height < _MARGIN:
            self._new_page()

    def text(self, text: str, *, size: float = 9.5, bold: bool = False, colour: str = NEUTRAL,
             wrap: int | None = _WRAP, indent: float = 0.0, gap: float = 0.3) -> None:
        """Write wrapped text; ``gap`` is the space after it, in lines."""
        lines = textwrap.wrap(text, wrap) if wrap else [text]
        line_h = size * 1.45 / 72 / A4[1]
        for line in lines or [""]:
            self._room(line_h)
            self.fig.text(_MARGIN + indent, self.y, line, fontsize=size, va="top",
                          fontweight="bold" if bold else "normal", color=colour,
                          parse_math=False)
            self.y -= line_h
        self.y -= gap * line_h

    def image(self, png: bytes, height: float) -> None:
        """Place a PNG, centred, ``height`` of the page tall."""
        import matplotlib.image as mpimg

        self._room(height)
        img = mpimg.imread(io.BytesIO(png), format="png")
        aspect = img.shape[1] / img.shape[0]
        width = height * aspect * A4[1] / A4[0]
        ax = self.fig.add_axes(((1 - width) / 2, self.y - height, width, height))
        ax.imshow(img, interpolation="antialiased")
        ax.set_axis_off()
        self.y -= height + 0.01

    def texts(self) -> list[str]:
        """Every line of text drawn, page by page (what a reader of the page sees)."""
        return [t.get_text() for fig in self.figures for t in fig.texts]

    def rule(self) -> None:
        self._room(0.01)
        self.fig.add_artist(_line(self.y))
        self.y -= 0.012

    def save(self, path: Path) -> Path:
        """Write PDF (every page) or PNG (the first page) atomically."""
        buf = io.BytesIO()
        if path.suffix.lower() == ".pdf":
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(buf, metadata={"Creator": "lvm-course"}) as pdf:
                for fig in self.figures:
                    pdf.savefig(fig)
        elif path.suffix.lower() == ".png":
            if len(self.figures) > 1:
                self.figures[0].text(0.5, 0.02, "(continued in the PDF version)",
                                     ha="center", fontsize=9, parse_math=False)
            self.figures[0].savefig(buf, format="png")
        else:
            raise ValueError(f"handouts are .pdf or .png, not {path.suffix or 'no suffix'}")
        atomic_write_bytes(path, buf.getvalue())
        return path


def _line(y: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([_MARGIN, 1 - _MARGIN], [y, y], color="#BBBBBB", linewidth=0.8)


def _stamp(created: datetime | None) -> str:
    return (created or datetime.now(UTC)).strftime("%d %B %Y")


def _radar(course: Course, scores: Scores, label: str | None,
           overlay: Scores | None = None, overlay_label: str | None = None) -> bytes:
    from .charts import RadarChart

    chart = RadarChart(course, title=None, size=5.0, dpi=180)
    return chart.update(scores, overlay=overlay, overlay_label=overlay_label,
                        label=label).png_full()


def _scores_lines(page: _Pages, course: Course, scores: Scores) -> None:
    for dim in course.dimensions:
        d = scores.dimensions[dim.id]
        if d.score is None:
            value = f"not enough answers ({d.answered} of {d.total})"
        else:
            value = f"{d.score:.1f}  {course.band(d.score).label}"
        page.text(f"{dim.name} ({dim.pole}): {value}", size=10,
                  colour=POLE_COLOURS.get(dim.pole, NEUTRAL), gap=0.1)
    if scores.balance is not None:
        page.text(f"Leadership {scores.leadership:.1f}   Management {scores.management:.1f}",
                  size=10, bold=True, gap=0.2)
    reading = profile_reading(course, scores)
    page.text(" ".join(x for x in (reading.text, reading.note) if x)
              .replace("**", "").replace("*", ""), gap=0.6)


def _sources(page: _Pages, course: Course, ids: Sequence[str]) -> None:
    seen = list(dict.fromkeys(i for i in ids if i))
    if seen:
        page.rule()
        page.text("Sources: " + "; ".join(course.source_title(s) for s in seen), size=8,
                  colour="#555555", wrap=125)


def write_profile_handout(course: Course, scores: Scores, out_path: Path | str, *,
                          label: str | None = None, created: datetime | None = None,
                          not_applicable: int = 0, dpi: int = 150) -> Path:
    """The one-page profile: radar, the six scores, the balance and tips to start with."""
    return profile_pages(course, scores, label=label, created=created,
                         not_applicable=not_applicable, dpi=dpi).save(Path(out_path))


def scale_sentence(course: Course) -> str:
    """How the answers were given, in one line (the handout and the plan say it)."""
    first, last = course.scale[0], course.scale[-1]
    return (f"Answers say how often, from {first} (1) to {last} (5); "
            f"\"{course.not_applicable}\" is not scored.")


def profile_pages(course: Course, scores: Scores, *, label: str | None = None,
                  created: datetime | None = None, not_applicable: int = 0,
                  dpi: int = 150) -> _Pages:
    """Lay out the profile handout (``.figures``; ``.texts()`` for what it says)."""
    page = _Pages(dpi)
    page.text("Leadership and management: my profile", size=16, bold=True, wrap=None,
              gap=0.2)
    who = f"{label} · " if label else ""
    skipped = f", {not_applicable} not applicable" if not_applicable else ""
    page.text(f"{who}{_stamp(created)} · {scores.answered} of {scores.total} items answered"
              f"{skipped}", size=10, colour="#555555", gap=0.3)
    about = f" {course.disclaimer.text}" if course.disclaimer is not None else ""
    page.text(scale_sentence(course) + about, size=8.5, colour="#7a4b00", wrap=112, gap=0.3)
    page.image(_radar(course, scores, label), 0.19)
    page.text("Scores (1 to 5)", size=12, bold=True, gap=0.2)
    _scores_lines(page, course, scores)
    used = [profile_reading(course, scores).source]
    lowest = lowest_dimensions(course, scores)
    if lowest:
        page.text("Where to grow first", size=12, bold=True, gap=0.2)
        for n, dim in enumerate(lowest):
            if n:
                page.text("", gap=0.0)
            page.text(dim.name, size=10, bold=True, colour=POLE_COLOURS.get(dim.pole, NEUTRAL),
                      gap=0.1)
            for tip in dim.tips:
                page.text("• " + tip.text, indent=0.02, gap=0.1)
                used.append(tip.source)
    _sources(page, course, used)
    return page
