"""The room's pages (Solara components): the start page, each part, the facilitator's
page with the QR code and the live session's controls, the stage (the live session
on the projector), and the group board.

Each page finds its visitor from the cookies of its own connection: a trainee's
browser key (``lvm_trainee``) or the facilitator's session (``lvm_facilitator``). The
HTTP layer (:mod:`.server`) has already refused a facilitator page to anyone without
the token; the pages check again, because a page's address can also be changed from
inside the browser without a new request.

The pages are thin: a part is its notebook (:mod:`.notebook`) built into widgets
(:mod:`.render`) inside a ``<main>`` landmark, with a header, the live question (when
the facilitator asks the room: :mod:`lvm_course.live.banner`, in a polite live region)
and a previous/next navigation around it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
import solara

from ..errors import LvmCourseError
from ..widgets.common import esc, friendly, get_course, message
from . import live, visitors
from .identity import COHORT, Room, Trainee
from .notebook import read_part, room_href
from .render import build_part
from .server import FACILITATOR_COOKIE, TRAINEE_COOKIE

__all__ = ["BoardPage", "FacilitatorPage", "PartPage", "RoomLayout", "StagePage", "StartPage",
           "qr_svg", "room"]

log = logging.getLogger("lvm_course.room")

START = "00_start_here"


@functools.cache
def room() -> Room:
    """The room this server serves (``LVM_ROOM_DIR``, set by ``lvm-course room``)."""
    return Room(Path(os.environ["LVM_ROOM_DIR"]))


def join_url() -> str:
    return os.environ.get("LVM_ROOM_JOIN_URL", "/")


def _cookies() -> dict[str, str]:
    return dict(solara.lab.cookies.value or {})


def _trainee() -> Trainee | None:
    key = _cookies().get(TRAINEE_COOKIE)
    found = room().trainee_for_key(key)
    if found is not None:
        visitors.enter(found.home, key)
    return found


def _is_facilitator() -> bool:
    ok = room().in_session(_cookies().get(FACILITATOR_COOKIE))
    if ok:
        visitors.enter(room().facilitator_home)
    return ok


def _header(title: str) -> w.HTML:
    return w.HTML(f'<header class="lvm-top"><nav aria-label="Course">'
                  f'<a class="lvm-brand" href="/">Leadership and management</a>'
                  f'<span class="lvm-where">{esc(title)}</span></nav></header>',
                  _dom_classes=("lvm-header",))


def _part_nav(part_id: str) -> w.HTML:
    """Previous / next links at the foot of a part (the course order is in course.yaml)."""
    ids = [nb.id for nb in get_course().notebooks]
    titles = {nb.id: nb.title for nb in get_course().notebooks}
    links = []
    if part_id in ids:
        i = ids.index(part_id)
        if i > 0:
            prev = ids[i - 1]
            links.append(f'<a class="lvm-prev" href="{room_href(prev)}">← '
                         f"{esc(prev[:2])} · {esc(titles[prev])}</a>")
        if i + 1 < len(ids):
            nxt = ids[i + 1]
            links.append(f'<a class="lvm-next" href="{room_href(nxt)}">Next: '
                         f"{esc(nxt[:2])} · {esc(titles[nxt])} →</a>")
        else:
            links.append('<a class="lvm-next" href="/">Back to the course map</a>')
    return w.HTML(f'<nav class="lvm-partnav" aria-label="Parts">{"".join(links)}</nav>')


def _guarded(build: Callable[[], Any],
             on_error: Callable[[Exception], Any] = friendly) -> Callable[[], Any]:
    """``build``, returning ``on_error(exc)`` (the course's friendly message) instead of
    raising: Solara would print a traceback into the page, and trainees never see one."""
    def safe() -> Any:
        try:
            return build()
        except Exception as exc:  # a room of people: a message, never a traceback
            log.exception("room page failed")
            return on_error(exc)
    return safe


def _main(label: str, children: list[Any], kind: str = "") -> None:
    """The page: its title in the browser tab, its content in a ``<main>`` landmark."""
    solara.Title(f"{label} · Leadership and management")
    solara.v.Html(tag="main", attributes={"aria-label": label},
                  class_=f"lvm-main {kind}".strip(), children=children)


def _live_banner(trainee_id: str) -> Any:
    """The live question for this trainee's page, redrawn whenever the room's session
    changes, inside a polite live region (a new question is announced)."""
    import ipyvuetify as v

    from ..live.banner import Banner

    banner = Banner(live.session(), trainee_id)
    live.attach(banner.update)
    return v.Html(tag="section", attributes={"aria-live": "polite",
                                             "aria-label": "Live question"},
                  class_="lvm-live-region", children=[banner.widget])


def _notice(title: str, text: str, kind: str = "warn") -> None:
    _main(title, [_header(title), w.HTML(f"<h1>{esc(title)}</h1>" + message(text, kind))])


@solara.component
def RoomLayout(children: list[Any] | None = None) -> None:
    """Every room page: no Solara app bar, just the page (our stylesheet does the rest)."""
    solara.Column(children=children or [], classes=["lvm-room"], style={"padding": "0"})


@solara.component
def PartPage(part_id: str) -> None:
    """One part of the course for the trainee whose browser this is."""
    trainee = solara.use_memo(_trainee, [])
    if trainee is None:
        _notice("Open the join address", "This page could not tell who you are: your "
                "browser did not send the room's cookie. Open the join address your "
                "facilitator gave you, and allow cookies for it.")
        return
    _PartBody(part_id, trainee.id)


@solara.component
def _PartBody(part_id: str, trainee_id: str) -> None:
    def build() -> tuple[str, Any]:
        try:
            part = read_part(part_id)
        except LvmCourseError as exc:
            return "This part cannot be shown", w.HTML(message(
                f"This part cannot be shown: {str(exc).splitlines()[0]}. Tell your "
                "facilitator.", "error"))
        return part.title, build_part(part).widget

    title, body = solara.use_memo(
        _guarded(build, lambda exc: ("This part cannot be shown", friendly(exc))),
        [part_id, trainee_id])
    banner = solara.use_memo(_guarded(lambda: _live_banner(trainee_id),
                                      lambda _exc: w.HTML("")), [trainee_id])
    _main(title, [_header(title), banner, body, _part_nav(part_id)])


@solara.component
def StartPage() -> None:
    PartPage(START)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG, with a text alternative."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False,
                                    svgns=True, svgclass="lvm-qr", omitsize=True)
    svg = buffer.getvalue().decode("utf-8")
    return svg.replace("<svg ", f'<svg role="img" aria-label="QR code for {esc(url)}" ', 1)


def _room_counts() -> str:
    r = room()
    joined = len(r.trainees())
    folder = r.group_dir / COHORT
    shared = len(list(folder.glob("*.json"))) if folder.is_dir() else 0
    return (f"<p class='lvm-counts'><strong>{joined}</strong> joined · "
            f"<strong>{shared}</strong> shared a profile</p>")


def _slides_html() -> str:
    """The facilitator's slides, one link per part (:mod:`.slides`), or why there are none."""
    from .slides import SLIDES_PROBLEM_VAR, SLIDES_URL_VAR

    base = os.environ.get(SLIDES_URL_VAR, "")
    if not base:
        why = os.environ.get(SLIDES_PROBLEM_VAR, "")
        return ("<h2>Slides</h2><p>No slides are served with this room"
                + (f": {esc(why)}" if why else " (it was started with --no-slides)")
                + ". <code>make present SLIDES=1</code> serves them on their own.</p>")
    items = "".join(
        f'<li><a href="{esc(base)}voila/render/{esc(nb.id)}.ipynb" target="_blank" '
        f'rel="noopener">{esc(nb.id[:2])} · {esc(nb.title)}</a></li>'
        for nb in get_course().notebooks)
    return ("<h2>Slides to present</h2><p>Each opens in a new tab, on <strong>this "
            "computer only</strong> (the one running the room, for the projector): "
            "arrow keys move between slides and the activities work live. What you "
            "answer on a slide is kept apart from the trainees'.</p>"
            f'<ul class="lvm-slides-list">{items}</ul>')


@solara.component
def FacilitatorPage() -> None:
    """For the projector: the join address and its QR code, the counts, the board link."""
    if not solara.use_memo(_is_facilitator, []):
        _notice("For the facilitator only", "This page needs the facilitator's link.",
                "error")
        return
    _FacilitatorBody()


def _every(seconds: float, update: Callable[[], None]) -> None:
    """Run ``update`` every ``seconds`` on this page's event loop, for as long as the
    page's connection lasts (the room's side refreshes; the browser never polls)."""
    import asyncio

    async def again() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                update()
            except Exception:  # a count that fails once is tried again next time
                log.debug("a page refresh failed", exc_info=True)

    with contextlib.suppress(RuntimeError):  # no running loop: no refresh (tests)
        asyncio.get_running_loop().create_task(again())


@solara.component
def _FacilitatorBody() -> None:
    url = join_url()

    def build() -> w.VBox:
        from ..live.controls import Controls

        counts = w.HTML(_room_counts())
        controls = Controls(live.session(), allowed=_still_facilitator,
                            connected=live.connected_trainees,
                            export_to=room().facilitator_home / "exports")
        live.attach(controls.update, counts=True)
        _every(5.0, lambda: setattr(counts, "value", _room_counts()))
        return w.VBox([
            w.HTML(f"<h1>Join the course</h1><div class='lvm-join-box'>{qr_svg(url)}"
                   f"<p class='lvm-join'>Scan the code, or type <a href='{esc(url)}'>"
                   f"{esc(url)}</a>. For the projector, open <a href='/stage' "
                   "target='_blank' rel='noopener'>the stage</a>: the live question and "
                   "a code the back row can scan.</p></div>"),
            counts, controls.widget,
            w.HTML("<h2>During the session</h2><ul>"
                   "<li><a href='/board'>Open the group board</a>: it fills as trainees "
                   "share, and draws nothing until enough have.</li>"
                   "<li>Everyone's answers are private to their own browser. A trainee who "
                   "changes device uses the resume code on their start page.</li>"
                   f"<li>Everything the room saves is in <code>{esc(room().root)}</code>: "
                   "back it up or delete it there.</li></ul>"
                   "<p class='lvm-small'>The facilitator link you opened carries your key: "
                   "keep it from trainees.</p>"),
            w.HTML(_slides_html())])

    _main("Facilitator", [_header("Facilitator"), solara.use_memo(_guarded(build), [])])


def _still_facilitator() -> bool:
    """The facilitator's session checked again (a live control's every action)."""
    return room().in_session(_cookies().get(FACILITATOR_COOKIE))


@solara.component
def StagePage() -> None:
    """The live session for the projector: the question, the answers as they come."""
    if not solara.use_memo(_is_facilitator, []):
        _notice("For the facilitator only", "The stage needs the facilitator's link.",
                "error")
        return
    _StageBody()


@solara.component
def _StageBody() -> None:
    def build() -> Any:
        from ..live.stage import Stage

        url = join_url()
        stage = Stage(live.session(), join=url, qr=qr_svg(url),
                      connected=live.connected_trainees)
        live.attach(stage.update, counts=True)
        _every(5.0, stage.update)  # the connected count moves without a session change
        return stage.widget

    _main("Stage", [solara.use_memo(_guarded(build), [])], kind="lvm-stage-page")


@solara.component
def BoardPage() -> None:
    """The group board of this room: no group to pick, live from the start."""
    if not solara.use_memo(_is_facilitator, []):
        _notice("For the facilitator only", "The group board needs the facilitator's link.",
                "error")
        return
    _BoardBody()


@solara.component
def _BoardBody() -> None:
    def build() -> Any:
        from ..widgets.board import GroupBoard

        board = GroupBoard(get_course(), COHORT, folder=room().group_dir)
        board.choose.layout.display = "none"
        board.typed.layout.display = "none"
        board.refresh()
        board.live.value = True  # starts the live refresh on this page's event loop
        return board.widget

    _main("Group board", [_header("Group board"), w.HTML("<h1>This room's group board</h1>"),
                          solara.use_memo(_guarded(build), [])])
