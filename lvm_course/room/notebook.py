"""The course notebooks as room pages: the same files, read without running code.

The notebooks stay the one source of each part: what JupyterLab runs and Voila
serves is what the room shows. The room does not execute them. Every hidden code
cell in the course is an import plus one call such as ``show.concepts('coexistence')``
or ``widgets.scenario('ward-round')``; :func:`read_part` parses each cell (``ast``),
accepts exactly that shape, with literal arguments only, and refuses anything else
with the notebook and cell number. So a notebook can never make the room server run
arbitrary code, and an author who adds a cell of another shape hears about it from
``lvm-course check`` rather than from a room full of people.

Cells tagged ``lab-only`` (the "Run → Run All Cells" instruction, for JupyterLab) are
left out, as Voila's ``lvm`` templates leave them out; so are ``part-nav`` cells (the
notebook's own "Next:" link), since every room page has its own previous/next
navigation. Links to another notebook (``01_two_roles.ipynb``) become links to that
part of the room.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..fileio import read_bounded

__all__ = ["LAB_ONLY", "NOTEBOOKS", "PART_NAV", "Call", "Markdown", "Part", "check_notebooks",
           "is_part_id", "part_path", "read_part", "room_href"]

NOTEBOOKS = Path(__file__).resolve().parent.parent.parent / "notebooks"
LAB_ONLY = "lab-only"
PART_NAV = "part-nav"
_MODULES = {"display": "show", "widgets": "widgets"}  # lvm_course module -> usual alias
_PART_ID = re.compile(r"^[0-9]{2}_[a-z0-9_]+$")


@dataclass(frozen=True)
class Markdown:
    """A markdown cell, rendered to HTML (course text; links point into the room)."""

    html: str


@dataclass(frozen=True)
class Call:
    """A hidden code cell: one call of ``show.<name>`` or ``widgets.<name>``."""

    module: str  # "show" or "widgets"
    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Part:
    """One notebook as the room shows it."""

    id: str
    title: str
    blocks: tuple[Markdown | Call, ...]


def room_href(part_id: str) -> str:
    """The room address of a part (the start page is the room's front door)."""
    return "/" if part_id == "00_start_here" else f"/part/{part_id}"


def part_path(part_id: str, folder: Path | None = None) -> Path:
    """The notebook file of a part (``facilitator/group_board`` included)."""
    return (folder or NOTEBOOKS) / f"{part_id}.ipynb"


def _markdown(text: str) -> str:
    import mistune

    html = mistune.create_markdown(plugins=["table", "strikethrough"])(text)
    return re.sub(r'href="(?:\./)?([0-9]{2}_[a-z0-9_]+)\.ipynb"',
                  lambda m: f'href="{room_href(m.group(1))}"', str(html))


def _call(source: str, where: str) -> Call:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ContentError([Problem(where, f"not valid Python ({exc.msg})")]) from None
    names: dict[str, str] = {}
    *imports, last = tree.body or [None]
    for node in imports:
        ok = isinstance(node, ast.ImportFrom) and node.module == "lvm_course" and all(
            a.name in _MODULES for a in node.names)
        if not ok:
            raise ContentError([Problem(where, "only 'from lvm_course import display as "
                                               "show, widgets' may come before the call")])
        for alias in node.names:
            names[alias.asname or alias.name] = _MODULES[alias.name]
    call = last.value if isinstance(last, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name) and call.func.value.id in names):
        raise ContentError([Problem(where, "a course cell ends with one call such as "
                                           "show.concepts('id') or widgets.quiz()")])
    try:
        args = tuple(ast.literal_eval(a) for a in call.args)
        kwargs = tuple((k.arg, ast.literal_eval(k.value)) for k in call.keywords
                       if k.arg is not None)
    except ValueError:
        raise ContentError([Problem(where, "the call's arguments must be plain values "
                                           "(text, numbers, True/False)")]) from None
    if len(kwargs) != len(call.keywords):
        raise ContentError([Problem(where, "no **keyword unpacking in a course cell")])
    module, name = names[call.func.value.id], call.func.attr
    if name not in _public(module):
        raise ContentError([Problem(where, f"{module}.{name} is not part of the course")])
    return Call(module, name, args, kwargs)


def _public(module: str) -> list[str]:
    if module == "show":
        from .. import display
        return display.__all__
    from .. import widgets
    return widgets.__all__


def read_part(part_id: str, folder: Path | None = None) -> Part:
    """Read a notebook as a room page (cached until the file changes).

    Raises:
        ContentError: naming the notebook and cell of every cell the room cannot show.
    """
    path = part_path(part_id, folder)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise ContentError([Problem(path.name, f"cannot be read ({exc.strerror})")]) from None
    return _read(path, part_id, stamp)


@functools.lru_cache(maxsize=32)
def _read(path: Path, part_id: str, _stamp: int) -> Part:
    try:
        nb = json.loads(read_bounded(path, 4 * 1024 * 1024).decode("utf-8"))
        cells = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ContentError([Problem(path.name, f"not a readable notebook ({exc})")]) from None
    blocks: list[Markdown | Call] = []
    problems: list[Problem] = []
    for n, cell in enumerate(cells, start=1):
        tags = (cell.get("metadata") or {}).get("tags") or []
        if LAB_ONLY in tags or PART_NAV in tags:
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown":
            blocks.append(Markdown(_markdown(source)))
        elif cell.get("cell_type") == "code" and source.strip():
            try:
                blocks.append(_call(source, f"{path.name}, cell {n}"))
            except ContentError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    title = str((nb.get("metadata") or {}).get("title") or part_id)
    return Part(part_id, title, tuple(blocks))


def check_notebooks(folder: Path | None = None) -> list[Problem]:
    """Every problem in every course notebook (learner parts and the facilitator's)."""
    root = folder or NOTEBOOKS
    problems: list[Problem] = []
    for path in sorted(root.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        part_id = path.relative_to(root).with_suffix("").as_posix()
        try:
            read_part(part_id, root)
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems


def is_part_id(text: str) -> bool:
    """A well-formed part id (``05_self_profile``); says nothing of whether it exists."""
    return bool(_PART_ID.match(text))
