"""One questionnaire answer -> radar updated (PNG ready), in the kernel.

Three ways, each timed over the same sequence of answer changes:

- naive: what ``ipywidgets.interactive_output`` with pyplot does, a new figure per
  change (pyplot figure, polar axes, ticks, labels, lines, PNG, close);
- ours: the course's path for one click, :class:`lvm_course.widgets.survey.Questionnaire`
  driven by setting a ToggleButtons ``.value`` (autosave to disk, scoring, the
  reused :class:`~lvm_course.charts.RadarChart` redrawn, PNG, ``<img>`` HTML);
- floor: only ``RadarChart.update`` + PNG encode on the reused figure.

Target (issue 3): ours >= 3x faster than naive, and within 2x of the floor.
Run: ``python bench/bench_radar.py [--n 60]``.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def naive_png(course, scores) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dims = list(course.dimensions)
    angles = [2 * math.pi * k / len(dims) for k in range(len(dims))]
    values = [scores.dimensions[d.id].score or 0 for d in dims]
    fig = plt.figure(figsize=(6.5, 5), dpi=96)
    ax = fig.add_subplot(projection="polar")
    ax.plot([*angles, angles[0]], [*values, values[0]], marker="o")
    ax.fill([*angles, angles[0]], [*values, values[0]], alpha=0.1)
    ax.set_xticks(angles)
    ax.set_xticklabels([d.short for d in dims])
    ax.set_ylim(0, 5)
    ax.set_title("Your profile")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def timed(fn, n: int) -> list[float]:
    out = []
    for k in range(n):
        t = time.perf_counter()
        fn(k)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=60, help="answer changes per way")
    n = parser.parse_args().n
    os.environ["LVM_COURSE_HOME"] = tempfile.mkdtemp(prefix="lvm-bench-")

    from lvm_course.charts import RadarChart
    from lvm_course.content import load_course
    from lvm_course.scoring import score
    from lvm_course.widgets.session import session
    from lvm_course.widgets.survey import Questionnaire

    course = load_course()
    items = [i.id for i in course.items]
    full = {i: 3 for i in items}
    q = Questionnaire(session(course))
    for i in items:  # a complete profile first, so every axis is drawn
        q.controls[i].value = 3

    def ours(k: int) -> None:
        q.controls[items[k % len(items)]].value = 1 + (k * 7) % 5

    chart = RadarChart(course, title="Your profile")
    answers = dict(full)

    def floor(k: int) -> None:
        answers[items[k % len(items)]] = 1 + (k * 7) % 5
        chart.update(score(course, answers)).png()

    def naive(k: int) -> None:
        answers[items[k % len(items)]] = 1 + (k * 7) % 5
        naive_png(course, score(course, answers))

    for fn in (ours, floor, naive):  # warm up: fonts, caches
        fn(0)
    results = {"naive": timed(naive, n), "ours": timed(ours, n), "floor": timed(floor, n)}
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"answer -> radar PNG ready, median of {n} changes (ms)")
    for k, v in results.items():
        p90 = sorted(v)[int(0.9 * (len(v) - 1))]
        print(f"  {k:6s} median {med[k]:7.1f}   p90 {p90:7.1f}")
    print(f"  naive / ours = {med['naive'] / med['ours']:.1f}x faster (target >= 3x)")
    print(f"  ours / floor = {med['ours'] / med['floor']:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
