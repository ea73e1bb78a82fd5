"""Branching scenarios as small graphs: where each choice leads, and what can go wrong.

A scenario starts at its first step. Every choice names its ``next``: another step or
one of the scenario's endings. :func:`graph_problems` finds what ``lvm-course check``
reports for authors: a ``next`` that names nothing in the scenario, steps or endings
that no path reaches, a scenario whose endings cannot be reached, and choices that
lead into a loop with no way out. A loop with a way out is fine (a "think again"
choice may return to the same step).

Pure logic: no widgets; the activity (:mod:`lvm_course.widgets.scenarios`) and the
facilitator's guide use :func:`node` and :func:`walks` too.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from .errors import Problem
from .model import Ending, Scenario, Step
from .yamlfile import YamlFile

__all__ = ["VERDICT_WORDS", "graph_problems", "is_ending", "node", "reachable", "walks"]

#: how each verdict reads to trainees and in the facilitator's guide
VERDICT_WORDS = {"best": "best call", "accepted": "defensible", "rethink": "worth another look"}


def node(sc: Scenario, id_: str) -> Step | Ending | None:
    """The step or ending of ``sc`` with this id (``None`` when there is none)."""
    for x in (*sc.steps, *sc.endings):
        if x.id == id_:
            return x
    return None


def is_ending(sc: Scenario, id_: str) -> bool:
    return any(e.id == id_ for e in sc.endings)


def _edges(sc: Scenario) -> dict[str, list[str]]:
    """step id -> the ids its choices lead to (known ones only)."""
    known = {x.id for x in (*sc.steps, *sc.endings)}
    return {s.id: [c.next for c in s.choices if c.next in known] for s in sc.steps}


def reachable(sc: Scenario, start: str | None = None) -> set[str]:
    """Every step and ending some path reaches from ``start`` (default: the first step)."""
    edges = _edges(sc)
    first = start if start is not None else sc.steps[0].id
    seen, todo = {first}, [first]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _cycle(edges: dict[str, list[str]], trapped: set[str], start: str) -> list[str]:
    """A loop inside ``trapped`` met when walking from ``start`` (for the message)."""
    path, at = [start], start
    while True:
        nxt = next((n for n in edges.get(at, ()) if n in trapped), None)
        if nxt is None:
            return path
        if nxt in path:
            return path[path.index(nxt):] + [nxt]
        path.append(nxt)
        at = nxt


def _each_scenario(yf: YamlFile) -> list[Scenario | None]:
    """Every scenario of the file that is valid on its own (``None`` for the others),
    so one scenario's typo does not hide another's branching problems."""
    raw = yf.data.get("scenarios") if isinstance(yf.data, dict) else None
    out: list[Scenario | None] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(Scenario.model_validate(item))
        except ValidationError:
            out.append(None)
    return out


def graph_problems(yf: YamlFile, scenarios: Iterable[Scenario | None] | None = None
                   ) -> list[Problem]:
    """Every branching problem in ``scenarios.yaml``, each with line, item and field
    (of ``scenarios``, default: each scenario in the file that is otherwise valid)."""
    out: list[Problem] = []

    def add(loc: tuple, message: str, item: str, fld: str | None = None) -> None:
        out.append(Problem(yf.name, message, line=yf.line_of(loc), item=item, field=fld))

    for i, sc in enumerate(_each_scenario(yf) if scenarios is None else scenarios):
        if sc is None:
            continue
        here = ("scenarios", i)
        endings = {e.id for e in sc.endings}
        steps = {s.id for s in sc.steps}
        for j, step in enumerate(sc.steps):
            for k, choice in enumerate(step.choices):
                if choice.next not in steps | endings:
                    add((*here, "steps", j, "choices", k, "next"),
                        f"leads to '{choice.next}', which is not a step or an ending of "
                        f"scenario '{sc.id}'", f"{step.id}/{choice.id}", "next")
            if not any(c.verdict == "best" for c in step.choices):
                add((*here, "steps", j, "choices"),
                    "no choice has verdict 'best' (every step needs at least one)",
                    step.id, "choices")
        first = sc.steps[0].id
        seen = reachable(sc)
        for kind, items in (("steps", sc.steps), ("endings", sc.endings)):
            for j, x in enumerate(items):
                if x.id not in seen:
                    add((*here, kind, j),
                        f"no path from the first step '{first}' reaches this "
                        f"{kind[:-1]}: no choice leads here", x.id)
        if not seen & endings:
            add((*here, "steps"), f"no ending can be reached from the first step '{first}'",
                sc.id, "steps")
            continue
        edges = _edges(sc)
        trapped = {s for s in steps & seen if not reachable(sc, s) & endings}
        for j, step in enumerate(sc.steps):
            if step.id not in seen or step.id in trapped:
                continue
            for k, choice in enumerate(step.choices):
                if choice.next in trapped:
                    loop = " → ".join(_cycle(edges, trapped, choice.next))
                    add((*here, "steps", j, "choices", k, "next"),
                        f"leads into a loop that never reaches an ending ({loop})",
                        f"{step.id}/{choice.id}", "next")
    return out


def walks(sc: Scenario, limit: int = 2000) -> list[list[tuple[str, str]]]:
    """Every path from the first step to an ending, as ``(step id, choice id)`` pairs,
    taking each choice at most once per path (so a loop is gone round once).

    Raises:
        ValueError: more than ``limit`` paths (a scenario too tangled to test this way).
    """
    steps = {s.id: s for s in sc.steps}
    found: list[list[tuple[str, str]]] = []

    def go(at: str, path: list[tuple[str, str]]) -> None:
        if is_ending(sc, at):
            found.append(list(path))
            if len(found) > limit:
                raise ValueError(f"scenario '{sc.id}' has more than {limit} paths")
            return
        for choice in steps[at].choices:
            if (at, choice.id) in path or node(sc, choice.next) is None:
                continue
            path.append((at, choice.id))
            go(choice.next, path)
            path.pop()

    go(sc.steps[0].id, [])
    return found
