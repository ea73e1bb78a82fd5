"""The ``lvm-course`` command line, for what authors and facilitators do outside a notebook.

Every failure is one clear line on stderr and a non-zero exit, never a traceback:

- ``lvm-course check [--data DIR]``: validate the content; exit 1 listing every problem.
- ``lvm-course score PROFILE.json [--explain]``: print the profile's scores as JSON, or
  with ``--explain`` the same reading in words that the notebook and handout show.
- ``lvm-course guide [--out FILE]``: the facilitator's guide (Markdown) from ``data/``.
- ``lvm-course aggregate DIR``: the group report from a folder of shared profiles.
- ``lvm-course room``: serve the course to a workshop (see :mod:`.room`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import LvmCourseError

__all__ = ["main"]

_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _command(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    _COMMANDS[func.__name__.removeprefix("cmd_")] = func
    return func


def _problems(problems: list, where: str) -> bool:
    """Print every problem, then a count naming ``where``; whether there were any."""
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {where}", file=sys.stderr)
    return bool(problems)


@_command
def cmd_check(args: argparse.Namespace) -> int:
    from .content import check_content
    from .paths import data_dir

    folder = Path(args.data) if args.data else data_dir()
    if _problems(check_content(folder), str(folder)):
        return 1
    from .content import load_course
    from .room.notebook import NOTEBOOKS, check_notebooks

    c = load_course(folder)
    print(f"ok: {folder}: {len(c.dimensions)} dimensions, {len(c.items)} questionnaire items, "
          f"{len(c.statements)} statements, {len(c.scenarios)} scenario(s), "
          f"{len(c.cases)} cases")
    notebooks = Path(args.notebooks) if args.notebooks else NOTEBOOKS
    problems = check_notebooks(notebooks) or _unknown_scenarios(c, notebooks)
    if _problems(problems, f"the notebooks in {notebooks}"):
        return 1
    count = sum(1 for _ in notebooks.rglob("*.ipynb"))
    print(f"ok: {notebooks}: {count} notebooks, every cell one the room can show")
    return 0


def _unknown_scenarios(course: Any, folder: Path) -> list:
    """Cells ``widgets.scenario('id')`` naming no scenario of ``scenarios.yaml``."""
    from .errors import Problem
    from .room.notebook import Call, read_part

    known = [s.id for s in course.scenarios]
    out = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        for block in read_part(path.relative_to(folder).with_suffix("").as_posix(),
                               folder).blocks:
            if isinstance(block, Call) and block.name == "scenario":
                id_ = (*block.args, dict(block.kwargs).get("scenario_id", "ward-round"))[0]
                if id_ not in known:
                    out.append(Problem(path.name, f"widgets.scenario({id_!r}): no such "
                                                  f"scenario (known: {', '.join(known)})"))
    return out


@_command
def cmd_score(args: argparse.Namespace) -> int:
    from .content import load_course
    from .profile import load_profile

    course = load_course(args.data)
    profile = load_profile(course, args.profile)
    if args.explain:
        from .interpret import explain

        print("\n".join(explain(course, profile.scores)))
        return 0
    out = profile.scores.detail() if args.detail else profile.scores.summary()
    print(json.dumps(out, indent=2))
    return 0


@_command
def cmd_guide(args: argparse.Namespace) -> int:
    from .content import load_course
    from .facilitator import guide_markdown

    text = guide_markdown(load_course(args.data))
    if args.out:
        from .fileio import atomic_write_bytes

        atomic_write_bytes(Path(args.out), text.encode("utf-8"))
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lvm-course", description="Leadership vs Management course tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("check", help="validate the content files in data/ and the notebooks")
    p.add_argument("--data", metavar="DIR", help="content folder (default: the course's)")
    p.add_argument("--notebooks", metavar="DIR",
                   help="notebooks folder (default: the course's)")
    p = sub.add_parser("score", help="print a saved profile's scores as JSON")
    p.add_argument("profile", metavar="PROFILE.json")
    p.add_argument("--detail", action="store_true", help="answered counts and spreads too")
    p.add_argument("--explain", action="store_true",
                   help="the profile in words: what each score suggests, how the profile "
                        "reads, where to grow (as the notebook and the handout say it)")
    p.add_argument("--data", metavar="DIR", help="content folder (default: the course's)")
    p = sub.add_parser("guide", help="write the facilitator's guide (Markdown) from data/")
    p.add_argument("--out", metavar="FILE", help="write here instead of printing")
    p.add_argument("--data", metavar="DIR", help="content folder (default: the course's)")
    from . import cli_group

    cli_group.add_commands(sub, _COMMANDS)
    from .room import launch

    launch.add_command(sub, _COMMANDS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except LvmCourseError as exc:
        # ContentError spans lines (one per problem); the others are one line.
        print(f"lvm-course {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"lvm-course {args.command}: {exc.filename or ''}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"lvm-course {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
