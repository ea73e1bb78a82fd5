"""Feedback links in the room: ``/rate/<token>`` serves a rater's form, takes its answer.

A trainee in the room makes an invitation link in part 06
(:class:`~lvm_course.widgets.others_view.FeedbackPanel`); the link maker installed here
gives it a 256-bit token, recorded (hashed, as browser keys are) in the room folder as
pointing to that trainee. The rater opens the link on any phone or laptop that can
reach the room:

- **No account, no cookie.** The route neither reads nor sets the trainee cookie: a
  rater may be another trainee of the room, or nobody in it, and stays who they are.
- **The same form, the same check.** The page is the rater's form
  (:func:`~lvm_course.feedback.form.rater_form`) in ``room`` mode: it seals the answers
  in the browser exactly as the emailed file does and posts only the sealed code back
  here, where it is checked and added by the trainee's own round
  (:meth:`~lvm_course.feedback.rounds.FeedbackRound.accept`), under that round's lock:
  once only, never trusted, a refusal changing nothing.
- **Nothing about the rater is kept.** The room logs no addresses (uvicorn's access log
  is off); the answer is stored without the invitation it came from.
- The page forbids everything but itself (a Content-Security-Policy: no network, it
  posts only to the room, no framing), and unknown links slow the address that tries
  them (:class:`~.throttle.Throttle`, counted apart from resume codes).
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import parse_qs

from ..content import load_course
from ..feedback.codes import CodeRefused
from ..feedback.form import rater_form
from ..feedback.links import set_link_maker
from ..feedback.rounds import FeedbackRound, Invitation
from .identity import Room
from .plain import plain_page

__all__ = ["CSP", "form_page", "install", "submit"]

#: the rater's page may run its own inline script and style, and post to the room only
CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _plain(title: str, body: str, status: int) -> tuple[int, bytes]:
    return plain_page(title, f"<h1>{html.escape(title)}</h1>{body}", status)


_UNKNOWN = ("This feedback link is not known",
            "<p>Check that you opened the whole link. If it still does not work, ask the "
            "colleague who sent it for a new one.</p>")


def _find(room: Room, token: str) -> tuple[FeedbackRound, Invitation] | None:
    trainee = room.trainee_for_link(token)
    if trainee is None:
        return None
    found = FeedbackRound(load_course(), trainee.home)
    inv = found.by_token(token)
    return (found, inv) if inv is not None else None


def _finished(rnd: FeedbackRound, inv: Invitation) -> tuple[int, bytes] | None:
    if inv.used:
        return _plain("Already answered", "<p>This feedback link has been used: its answers "
                      "are in. Thank you. You can close this page.</p>", 410)
    if inv.withdrawn or rnd.closed:
        return _plain("This feedback has closed", "<p>Your colleague is no longer collecting "
                      "answers with this link. Thank you all the same.</p>", 410)
    return None


def _open_invitation(room: Room, token: str) -> tuple[
        tuple[FeedbackRound, Invitation] | None, tuple[int, bytes] | None]:
    """The (round, invitation) behind ``token``, or the page saying why it cannot be
    answered (unknown link, answered, withdrawn, round closed)."""
    found = _find(room, token)
    if found is None:
        return None, _plain(*_UNKNOWN, 404)
    return found, _finished(*found)


def form_page(room: Room, token: str) -> tuple[int, bytes]:
    """``GET /rate/<token>``: the rater's form, or a page saying why not."""
    found, refusal = _open_invitation(room, token)
    if refusal is not None:
        return refusal
    rnd, inv = found
    page = rater_form(rnd.course, invitation=inv.id, secret=inv.secret, group=inv.group,
                      items=inv.items, name=rnd.name, mode="room", action=f"/rate/{token}")
    return 200, page.encode("utf-8")


def submit(room: Room, token: str, body: bytes) -> tuple[int, bytes]:
    """``POST /rate/<token>``: check the sealed code and add it to the trainee's round."""
    found, refusal = _open_invitation(room, token)
    if refusal is not None:
        return refusal
    rnd, inv = found
    code = parse_qs(body.decode("utf-8", "replace")).get("code", [""])[0].strip()
    try:
        rnd.accept(code, invitation=inv.id)
    except CodeRefused as exc:
        return _plain("Your answers were not taken", (
            f"<p class='lvm-error' role='alert'>{html.escape(str(exc))}.</p>"
            f"<p><a href='/rate/{html.escape(token)}'>Open the form again</a></p>"), 400)
    who = html.escape(rnd.name or "your colleague")
    return _plain("Thank you", (
        f"<p>Your answers are with {who}'s course. They will see them only combined with "
        "other people's, never on their own. You can close this page.</p>"), 200)


def install(room_dir: Path, join_url: str) -> None:
    """Let trainees' pages in this room make invitation links (done once at start)."""
    room = Room(room_dir)
    base = join_url.rstrip("/")

    def make(home: Path) -> tuple[str, str]:
        home = home.resolve()
        if home.parent != room.root / "trainees":
            raise ValueError("links are made for trainees of this room only")
        token = room.new_link_token(home.name)
        return token, f"{base}/rate/{token}"

    set_link_maker(make)
