"""Benchmark: scoring many responses, loading many profile files, and import cost.

Prints figures (not a test). Run with ``make bench`` or
``.venv/bin/python bench/bench_scoring.py [--responses N] [--profiles N]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from lvm_course.content import load_course
from lvm_course.profile import load_profile, new_profile, save_profile
from lvm_course.scoring import score, score_many


def timed(func, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--loop-sample", type=int, default=20_000,
                        help="responses scored by the plain loop (extrapolated)")
    parser.add_argument("--profiles", type=int, default=10_000)
    args = parser.parse_args()
    course = load_course()
    rng = np.random.default_rng(7)
    n_items = len(course.items)
    matrix = rng.integers(0, 6, size=(args.responses, n_items), dtype=np.int8)

    vec = timed(lambda: score_many(course, matrix), repeat=2)
    ids = [i.id for i in course.items]
    sample = matrix[: args.loop_sample].tolist()

    def loop():
        for row in sample:
            score(course, {i: v for i, v in zip(ids, row, strict=True) if v})

    per = timed(loop, repeat=1) / len(sample)
    naive = per * args.responses
    print(f"score {args.responses:,} responses x {n_items} items: vectorised {vec:.2f} s "
          f"({args.responses / vec:,.0f}/s); plain loop {per * 1e6:.1f} us/response -> "
          f"{naive:.1f} s extrapolated; ratio {naive / vec:.0f}x")

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n in range(args.profiles):
            answers = {i: int(v) for i, v in zip(ids, matrix[n], strict=True) if v}
            paths.append(save_profile(new_profile(course, answers), Path(tmp) / f"{n}.json"))
        times = []
        for _ in range(3):
            t = time.perf_counter()
            for p in paths:
                load_profile(course, p)
            times.append(time.perf_counter() - t)
        best = min(times)
        print(f"load {args.profiles:,} profile files (validate + rescore): {best:.2f} s "
              f"({best / args.profiles * 1e6:.0f} us each, median run "
              f"{statistics.median(times):.2f} s)")

    code = "import time; t=time.perf_counter(); import lvm_course; print(time.perf_counter()-t)"
    runs = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                       text=True, check=True).stdout) for _ in range(5))
    print(f"import lvm_course: median {runs[2] * 1000:.1f} ms (target < 200 ms)")


if __name__ == "__main__":
    main()
