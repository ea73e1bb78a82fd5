"""Aggregate a cohort folder of 100,000 shared profiles: ours vs the floor vs naive.

Three ways over the same files (written once into a temporary folder):

- floor: a bare loop of ``json.load`` over every file (no checks, no scores);
- ours: :func:`lvm_course.group.read_folder` + :func:`~lvm_course.group.summarise`
  (bounded reads, full validation, every profile re-scored, quartiles);
- naive: ``pandas.read_json`` per file when pandas is installed; otherwise
  :func:`lvm_course.profile.load_profile` per file (pydantic validation and a
  one-at-a-time score each), then the same quartiles. The output says which.

Target (issue 4): ours within 3x of the floor, and far ahead of naive.
Run: ``python bench/bench_aggregate.py [--n 100000] [--repeat 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def make_files(course: Any, folder: Path, n: int, seed: int = 1) -> None:
    """``n`` valid profiles with random answers, as the sharing widget writes them."""
    from lvm_course.profile import new_profile, profile_document

    rng = random.Random(seed)
    ids = [i.id for i in course.items]
    for k in range(n):
        profile = new_profile(course, {i: rng.randint(1, 5) for i in ids})
        text = json.dumps(profile_document(profile), indent=1) + "\n"
        (folder / f"{k:08x}{rng.getrandbits(32):08x}.json").write_text(text, encoding="utf-8")


def floor(folder: Path) -> int:
    count = 0
    with os.scandir(folder) as it:
        for entry in it:
            if entry.name.endswith(".json"):
                with open(entry.path, "rb") as fh:
                    json.load(fh)
                count += 1
    return count


def ours(course: Any, folder: Path) -> int:
    from lvm_course.group import read_folder, summarise

    summary = summarise(course, read_folder(course, folder))
    return summary.n


def naive_pandas(folder: Path) -> int:
    import pandas as pd

    frames = [pd.read_json(p, typ="series") for p in sorted(folder.glob("*.json"))]
    return len(frames)


def naive_loader(course: Any, folder: Path) -> int:
    import numpy as np

    from lvm_course.errors import LvmCourseError
    from lvm_course.profile import load_profile

    rows = []
    for path in sorted(folder.glob("*.json")):
        try:
            scores = load_profile(course, path).scores
        except LvmCourseError:
            continue
        rows.append([scores.dimensions[d.id].score for d in course.dimensions])
    np.percentile(np.asarray(rows, dtype=float), [25, 50, 75], axis=0)
    return len(rows)


def best(func: Callable[[], int], repeat: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of profile files")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()

    from lvm_course.content import load_course

    course = load_course()
    with tempfile.TemporaryDirectory(prefix="lvm-bench-") as tmp:
        folder = Path(tmp) / "cohort"
        folder.mkdir()
        t = time.perf_counter()
        make_files(course, folder, args.n)
        print(f"wrote {args.n:,} profile files in {time.perf_counter() - t:.1f} s")
        floor(folder)  # warm the page cache so every way reads from memory

        t_floor, n_floor = best(lambda: floor(folder), args.repeat)
        t_ours, n_ours = best(lambda: ours(course, folder), args.repeat)
        try:
            import pandas  # noqa: F401

            label = "naive (pandas.read_json per file)"
            t_naive, n_naive = best(lambda: naive_pandas(folder), 1)
        except ImportError:
            label = "naive (load_profile per file: pydantic + score each; pandas not installed)"
            t_naive, n_naive = best(lambda: naive_loader(course, folder), 1)
        assert n_floor == n_ours == n_naive == args.n, (n_floor, n_ours, n_naive)

    per = 1e6 / args.n
    print(f"floor (bare json.load loop)        : {t_floor:7.2f} s  "
          f"({t_floor * per:6.1f} µs/file)")
    print(f"ours  (read_folder + summarise)    : {t_ours:7.2f} s  "
          f"({t_ours * per:6.1f} µs/file)  = {t_ours / t_floor:.2f}x the floor")
    print(f"{label}: {t_naive:7.2f} s  ({t_naive * per:6.1f} µs/file)  "
          f"= {t_naive / t_floor:.2f}x the floor; ours is {t_naive / t_ours:.1f}x faster")
    verdict = "met" if t_ours <= 3 * t_floor else "NOT met"
    print(f"target ours <= 3x floor: {verdict}")


if __name__ == "__main__":
    main()
