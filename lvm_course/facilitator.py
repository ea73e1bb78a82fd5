"""The facilitator's guide and answer key, rendered from ``data/`` so they never drift
from what trainees see: timings, discussion prompts, every quiz statement, the
skill sort, every branch of each scenario (each step, each choice with its
consequence, verdict and reasoning, where it leads) and the cases.

``notebooks/facilitator/guide.md`` is :func:`guide_markdown` written out by
``lvm-course guide`` (a test checks it is current); the guide notebook shows the
same answer key as HTML tables.
"""

from __future__ import annotations

import html
from typing import Any

from .branching import VERDICT_WORDS, is_ending, node
from .content import Course, load_course
from .model import Scenario

__all__ = ["BREAK_MINUTES", "answer_key", "answer_key_html", "guide_markdown", "schedule"]

#: one break, placed after the part that ends closest to the middle of the day
BREAK_MINUTES = 15
WELCOME_MINUTES = 5
CLOSE_MINUTES = 10


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(caption: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th scope='col'>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<table class='lvm-table' style='border-collapse:collapse'><caption "
            f"style='text-align:left;font-weight:bold'>{_esc(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _answer(main: str, accepts: tuple[str, ...]) -> str:
    """The main answer, and the others the course accepts (where sources differ)."""
    return main if not accepts else f"{main} (also accepted: {', '.join(accepts)})"


def _why(text: str, differ: str | None) -> str:
    return text if not differ else f"{text} {differ}"


#: one block of the answer key: (heading level, caption, lead paragraph, header, rows)
Block = tuple[int, str, str, tuple[str, ...], list[tuple[str, ...]]]


def _scenario_key(course: Course, sc: Scenario) -> list[Block]:
    """A scenario's every branch: each step, each choice with its consequence, verdict,
    reasoning and where it leads; then the endings."""
    def title(id_: str, here: str) -> str:
        if id_ == here:
            return "this step again"
        name = str(getattr(node(sc, id_), "title", id_))
        return f"ending: {name}" if is_ending(sc, id_) else name

    def src(id_: str) -> str:
        return "the course's own addition" if id_ == "course" else course.source_title(id_)

    def came_from(id_: str) -> str:
        parts = []
        for s in sc.steps:
            labels = [c.label for c in s.choices if c.next == id_ and s.id != id_]
            if labels:
                parts.append(f"{s.title} (any choice)" if len(labels) == len(s.choices)
                             else f"{s.title}: " + " or ".join(labels))
        return "; ".join(parts)

    first = sc.steps[0]
    intro = (f"{sc.intro} Every path starts at “{first.title}” and ends at one of "
             f"{len(sc.endings)} endings. Takeaway at every ending: {sc.takeaway.text} "
             f"(source: {src(sc.takeaway.source)})")
    blocks: list[Block] = [(3, f"Scenario (03): {sc.title}", intro, (), [])]
    for step in sc.steps:
        reached = came_from(step.id)
        lead = step.situation + (f" (Reached from {reached}.)" if reached else
                                 " (The first step.)")
        blocks.append((4, f"{sc.title}: {step.title}", lead,
                       ("Choice", "Verdict", "What happens next", "Why", "Source", "Then"),
                       [(c.label, VERDICT_WORDS[c.verdict], c.consequence, c.feedback,
                         src(c.source), title(c.next, step.id)) for c in step.choices]))
    blocks.append((4, f"{sc.title}: endings", "", ("Ending", "What it says", "Reached from"),
                   [(e.title, e.text, came_from(e.id)) for e in sc.endings]))
    return blocks


def _key_rows(course: Course) -> list[Block]:
    rows: list[Block] = [
        (3, "Classify-it quiz (01): every statement in the bank", "",
         ("Statement", "Answer", "Why"),
         [(s.text, _answer(s.answer, s.accepts), _why(s.explanation, s.differ))
          for s in course.statements]),
        (3, "Skill sorting (02)", "", ("Skill", "Role", "What it means"),
         [(s.name, _answer(s.pole, s.accepts), _why(s.description, s.differ))
          for s in course.skills])]
    for sc in course.scenarios:
        rows += _scenario_key(course, sc)
    rows.append((3, "Cases (04)", "", ("Case", "Best call", "Why"),
                 [(c.text, _answer(c.best, c.accepts), _why(c.explanation, c.differ))
                  for c in course.cases]))
    for quiz in course.recall:
        rows.append((3, f"Recall quiz ({quiz.notebook[:2]})", "", ("Question", "Answer", "Why"),
                     [(q.text, q.answer, f"{q.explanation} (Recalls {q.recalls}.)")
                      for q in quiz.questions]))
    return rows


def answer_key_html(course: Course) -> str:
    """Every answer with its reasoning, as accessible HTML tables."""
    out = []
    for _, caption, lead, header, rows in _key_rows(course):
        if lead:
            out.append(f"<p>{_esc(lead)}</p>")
        out.append(_table(caption, header, rows) if header else
                   f"<p><strong>{_esc(caption)}</strong></p>")
    return "".join(out)


def answer_key(course: Course | None = None) -> Any:
    """The answer key as a displayable HTML object (for the guide notebook)."""
    from IPython.display import HTML

    return HTML(answer_key_html(course or load_course()))


def schedule(course: Course) -> list[tuple[int, int, str]]:
    """The workshop plan: ``(start minute, minutes, what)``, with welcome, break, close."""
    total = sum(nb.minutes for nb in course.notebooks)
    plan: list[tuple[int, int, str]] = [(0, WELCOME_MINUTES, "Welcome and set-up check")]
    t, broke = WELCOME_MINUTES, False
    for nb in course.notebooks:
        plan.append((t, nb.minutes, f"{nb.id} {nb.title}"))
        t += nb.minutes
        if not broke and t - WELCOME_MINUTES >= total / 2:
            plan.append((t, BREAK_MINUTES, "Break (open the group board: profiles arrive)"))
            t += BREAK_MINUTES
            broke = True
    plan.append((t, CLOSE_MINUTES, "Group board, questions and close"))
    return plan


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out


def guide_markdown(course: Course) -> str:
    """The whole facilitator's guide as Markdown (generated: edit data/, not the file)."""
    plan = schedule(course)
    end = plan[-1][0] + plan[-1][1]
    out = ["# Facilitator's guide", "",
           "<!-- Generated by `lvm-course guide` from data/: edit the data files, then "
           "re-run it. -->", "",
           f"A {end // 60} h {end % 60:02d} min workshop for 5-300 people. Trainees work "
           "through the notebooks at their own pace; you present the same notebooks as "
           "slides or in Voila, pause for the discussion prompts, and show the group "
           "board after part 05.", "",
           "## Before the day", "",
           "The simplest set-up is the room: on your laptop run `make room` (README, *The "
           "room*). Trainees scan the QR code on your facilitator page with a phone or "
           "open the address on any computer; each works privately; the group board "
           "fills by itself. Check beforehand that devices on the venue's Wi-Fi can reach "
           "your laptop (guest networks often cannot: bring a hotspot).", "",
           "Without the room (trainees on their own laptops or on a JupyterHub):", "",
           "1. Give trainees the course: on laptops, `make lab`; on a JupyterHub, an "
           "nbgitpuller link (see the README, *Running a workshop*).",
           "2. Pick a group name (for example `ward-a-nov`) and write it on the first "
           "slide. Trainees type it when they share in part 05.",
           "3. The group folder: on one laptop nothing is needed (it is "
           "`~/.lvm_course/group`). On a hub, set `LVM_COURSE_SHARED_DIR` for everyone to "
           "a folder all users can write and you can read (for The Littlest JupyterHub, "
           "its shared-folder recipe).",
           "4. Open `notebooks/facilitator/group_board.ipynb` (or `make present` and pick "
           "it in Voila) and check it says \"0 profiles shared\" for your group.", "",
           "## Timings", ""]
    out += _md_table(("Start", "Minutes", "Part"),
                     [(f"{s // 60}:{s % 60:02d}", str(m), what) for s, m, what in plan])
    out += ["", "## Discussion prompts", ""]
    for nb in course.notebooks:
        out += [f"### {nb.id} {nb.title}", ""]
        out += [f"- {q}" for q in nb.discussion] or ["- (none)"]
        if nb.reflection:
            out += ["", "Each trainee also answers for themselves, in the notebook (saved, "
                    "private, back in their action plan):", ""]
            out += [f"- *{p.text}*" for p in nb.reflection]
        out.append("")
    out += ["## The group board", "",
            "Trainees who tick the consent box in part 05 write an anonymous copy of "
            "their scores to the group folder. The board draws nothing until enough "
            "people have shared (five by default, never fewer than three); below that "
            "it says how many more are needed. Turn on *Live* while people finish; "
            "export the PNG/PDF report and the CSV of scores at the end. From a "
            "terminal: `lvm-course aggregate <group folder>/<group name> --pdf "
            "report.pdf`.", "",
            "## The questionnaire and colleagues' ratings", "",
            "Say it before part 05: " + (course.disclaimer.text if course.disclaimer else
                                         "it is a tool for reflection, not a test."), "",
            f"Trainees answer how often they do each thing, from {course.scale[0]} to "
            f"{course.scale[-1]}; \"{course.not_applicable}\" is offered where an item may "
            "not fit a role, and is not scored. In part 06 a trainee can ask a colleague for "
            "their view: the colleague opens part 06 on their own device, answers *Rate a "
            "colleague who asked you* (the same items, written about the person rated) and "
            "sends the answer file it saves; the trainee adds it under *Compare*. Ratings "
            "go from one person to the other only, never to you or the group board.", "",
            "## Answers and reasoning", ""]
    for level, caption, lead, header, rows in _key_rows(course):
        out += ["#" * level + f" {caption}", ""]
        out += [_md_cell(lead), ""] if lead else []
        out += _md_table(header, rows) + [""] if header else []
    return "\n".join(out).rstrip() + "\n"
