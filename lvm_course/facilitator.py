"""The facilitator's answer key, rendered from ``data/`` so it never drifts from what
trainees see: quiz statements, skill sorting, the scenarios' steps and the cases."""

from __future__ import annotations

from typing import Any

from .content import Course, load_course

__all__ = ["answer_key", "answer_key_html"]


def _esc(text: object) -> str:
    import html

    return html.escape(str(text), quote=True)


def _table(caption: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th scope='col'>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<table class='lvm-table' style='border-collapse:collapse'><caption "
            f"style='text-align:left;font-weight:bold'>{_esc(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def answer_key_html(course: Course) -> str:
    """Every answer with its reasoning, as accessible HTML tables."""
    parts = [_table("Classify-it quiz (01): every statement in the bank",
                    ("Statement", "Answer", "Why"),
                    [(s.text, s.answer, s.explanation) for s in course.statements])]
    parts.append(_table("Skill sorting (02)", ("Skill", "Role", "What it means"),
                        [(s.name, s.pole, s.description) for s in course.skills]))
    for sc in course.scenarios:
        parts.append(_table(f"Scenario (03): {sc.title}", ("Step", "Best call", "Why"),
                            [(st.title, st.best, st.explanation) for st in sc.steps]))
    parts.append(_table("Cases (04)", ("Case", "Best call", "Why"),
                        [(c.text, c.best, c.explanation) for c in course.cases]))
    return "".join(parts)


def answer_key(course: Course | None = None) -> Any:
    """The answer key as a displayable HTML object (for the guide notebook)."""
    from IPython.display import HTML

    return HTML(answer_key_html(course or load_course()))
