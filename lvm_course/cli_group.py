"""Facilitator commands of the CLI: ``lvm-course aggregate DIR``.

``aggregate`` reads one cohort folder as the board does, prints a JSON summary on
stdout, lists every file it left out on stderr (one line each: ``skipped NAME:
reason``), and writes the report files asked for. Exit 0 when a report was made;
exit 1 with one clear line when nothing was readable or the group is below the
anonymity threshold (then nothing is written and no per-dimension number printed).

The progress counter (plain ``\\r`` text on stderr, so it works in any terminal and
in CI logs) appears when stderr is a terminal or the folder holds over 2,000 files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

__all__ = ["add_commands", "cmd_aggregate"]

#: Above this many files the counter is shown even when stderr is not a terminal.
PROGRESS_FROM = 2000


class _Progress:
    """``reading 1,500/100,000 files`` rewritten in place on stderr."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        self.stream.write(f"\rreading {done:,}/{total:,} files")
        self.stream.flush()
        self.shown = True

    def end(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _count_json(folder: Path) -> int:
    try:
        with os.scandir(folder) as it:
            return sum(1 for e in it if e.name.endswith(".json"))
    except OSError:
        return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    """Summarise a cohort folder; write --csv/--pdf/--png when the group is big enough."""
    from .content import load_course
    from .group import check_min_group, read_folder, summarise
    from .group_report import write_csv, write_report

    min_group = check_min_group(args.min_group)
    course = load_course(args.data)
    folder = Path(args.dir)
    err = sys.stderr
    progress = None
    if not args.quiet and (err.isatty() or _count_json(folder) > PROGRESS_FROM):
        progress = _Progress(err)
    try:
        data = read_folder(course, folder, progress=progress)
    finally:
        if progress is not None:
            progress.end()
    if args.quiet:
        if data.skipped:
            print(f"skipped {len(data.skipped)} file(s) (run without --quiet to list them)",
                  file=err)
    else:
        for s in data.skipped:
            print(f"skipped {s.name}: {s.reason}", file=err)
    summary = summarise(course, data, min_group=min_group)
    if data.n == 0:
        print(f"lvm-course aggregate: {folder}: no readable profiles "
              f"({len(data.skipped)} file(s) skipped)", file=err)
        return 1
    if not summary.ready:
        print(f"lvm-course aggregate: {folder}: {summary.n} profile(s) readable; "
              f"{summary.needed} more needed (the minimum group is {min_group}); "
              "nothing written", file=err)
        return 1
    written = []
    for path in (args.png, args.pdf):
        if path:
            written.append(str(write_report(course, summary, path)))
    if args.csv:
        written.append(str(write_csv(summary, args.csv)))
    out = summary.as_json()
    out["written"] = written
    print(json.dumps(out, indent=2))
    return 0


def add_commands(sub: Any, commands: dict[str, Callable[..., int]]) -> None:
    """Register the facilitator subcommands on the ``lvm-course`` parser."""
    from .group import MIN_GROUP

    p = sub.add_parser("aggregate", help="summarise a cohort's shared profiles",
                       description="Summarise the profiles shared in one cohort folder; "
                                   "unreadable files are listed and skipped.")
    p.add_argument("dir", metavar="DIR", help="the cohort folder (<group folder>/<cohort>)")
    p.add_argument("--min-group", type=int, default=MIN_GROUP, metavar="K",
                   help=f"anonymity threshold (default {MIN_GROUP}, never below 3)")
    p.add_argument("--csv", metavar="FILE", help="write dimension scores, one row per person")
    p.add_argument("--pdf", metavar="FILE", help="write the one-page report as PDF")
    p.add_argument("--png", metavar="FILE", help="write the one-page report as PNG")
    p.add_argument("--data", metavar="DIR", help="content folder (default: the course's)")
    p.add_argument("--quiet", action="store_true",
                   help="no progress counter; skipped files counted, not listed")
    commands["aggregate"] = cmd_aggregate
