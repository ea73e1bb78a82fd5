"""The rater's form: one self-contained HTML page, the same for a link and for a file.

Where the course is served (the room), a rater opens ``/rate/<link>`` and the form is
sent back to the room (:mod:`lvm_course.room.rating`); elsewhere the trainee downloads
it as a single ``.html`` file to email, which works offline in any browser and gives the
rater an answer code (and a small answer file) to send back. Both carry the same sealed
code (:mod:`.codes`), checked the same way (:mod:`.rounds`).

The page holds everything inline (CSS, JavaScript, no fonts or images, nothing fetched)
and forbids itself anything else (a Content-Security-Policy). It is built for a phone
first: 360 px wide, a ``lang``, a ``<fieldset>`` and ``<legend>`` per statement with
real radio buttons (arrow keys move within a statement), labels of at least 44 px, text
with at least AA contrast. It asks nothing about the rater: no name, no role beyond the
group the trainee invited them as, no time. Only the sealed code is ever sent (in the
room, a separate form posts just the code: the answers and comment never travel in
clear). The trainee's name is text: HTML-escaped in the page, and escaped for the
``<script>`` block that carries the form's data (so a ``</script>`` in a name is only
text).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..content import Course

__all__ = ["rater_form"]


#: nothing but the page itself: no network at all (the room may post the code to itself)
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "img-src data:; form-action 'self'; base-uri 'none'")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@cache
def _asset(name: str) -> str:
    return files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` written as escapes."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def rater_form(course: Course, *, invitation: str, secret: str, group: str,
               items: Sequence[str], name: str | None, mode: str = "file",
               action: str = "") -> str:
    """The form for one invitation, as HTML text.

    Args:
        invitation: the invitation's id (it goes into the answer code, in clear).
        secret: the invitation's secret (seals the code).
        group: the rater group the trainee invited this rater as.
        items: the questionnaire item ids of the invitation, in its order (an item the
            course no longer has is left out of the page and answered "not able").
        name: how the rater knows the trainee (shown as text); ``None``: "your colleague".
        mode: ``file`` (show the code to send) or ``room`` (send it to the room).
        action: where ``room`` mode posts the code (the link itself).
    """
    if mode not in ("file", "room"):
        raise ValueError(f"mode must be 'file' or 'room', not {mode!r}")
    rules = course.feedback
    who = name or "your colleague"
    who_cap = name or "Your colleague"
    asked_as = rules.group(group).rater
    k = max(3, rules.min_group_size)
    present = [(pos, course.item(i)) for pos, i in enumerate(items) if course.has_item(i)]
    scale = list(enumerate(course.scale, start=1))
    blocks = []
    for n, (pos, item) in enumerate(present, start=1):
        choices = "".join(
            f'<label><input type="radio" name="q{pos}" value="{v}"> {esc(label)}</label>'
            for v, label in scale)
        choices += (f'<label class="not-able"><input type="radio" name="q{pos}" value="0"> '
                    f"{esc(rules.not_able)}</label>")
        blocks.append(f'<fieldset><legend><span class="num">Statement {n} of {len(present)}'
                      f"</span>{esc(item.observer)}</legend>"
                      f'<div class="choices">{choices}</div></fieldset>')
    data = {"invitation": invitation, "secret": secret, "count": len(items),
            "shown": len(present), "mode": mode, "notAble": rules.not_able}
    if mode == "room":
        send = '<button type="button" id="make">Send my answers</button>'
        result = (f'<form id="lvm-send" method="post" action="{esc(action)}" hidden>'
                  '<input type="hidden" name="code" id="code-field"></form>')
        how = ("When you have answered, press <strong>Send my answers</strong>. They go "
               f"straight to {esc(who)}'s course; this link then cannot be used again.")
    else:
        send = '<button type="button" id="make">Make my answer code</button>'
        result = (
            '<section id="result" hidden aria-labelledby="result-h">'
            '<h2 id="result-h" tabindex="-1">Your answer code</h2>'
            f"<p>Send this code to {esc(who)} by email or message: copy it, or download "
            "the answer file and attach it. The code is sealed: only their course can "
            "open it, any change to it is noticed, and it can be added once.</p>"
            '<label class="field" for="code">Answer code</label>'
            '<textarea id="code" readonly rows="6" spellcheck="false"></textarea>'
            '<button type="button" id="copy">Copy the code</button>'
            '<a class="button" id="download" href="#" download="feedback-answer.json">'
            "Download the answer file</a>"
            '<p id="copied" role="status" aria-live="polite"></p></section>')
        how = ("When you have answered, press <strong>Make my answer code</strong> and send "
               f"the code to {esc(who)}. Nothing leaves this page until you send it.")
    disclaimer = course.disclaimer.text if course.disclaimer is not None else ""
    # A file form tells nobody where it was opened; the room's form tells the room only,
    # so its post carries the room's exact Origin (no-referrer would send "null", which
    # the room refuses: lvm_course.room.guard)
    referrer = "same-origin" if mode == "room" else "no-referrer"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="{referrer}">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>Feedback for {esc(who)}</title>
<style>{_asset("rater.css")}</style></head>
<body><main>
<h1>Feedback for {esc(who)}</h1>
<p>{esc(who_cap)} is on a course about leadership and management and has asked you, as
<strong>{esc(asked_as)}</strong>, how you see them at work. There are {len(present)} short
statements about what they do. For each, choose how often they do it, as you have seen it.
If you cannot say, choose <em>{esc(rules.not_able)}</em>: never guess.</p>
<div class="note" role="note"><strong>Anonymous.</strong> This form does not ask who you are.
{esc(who_cap)} sees your answers only combined with those of at least {k - 1} other people,
never on their own, and a group (such as peers) only when at least {k} of its members
answered. A comment is shown word for word, without your name, and only when at least
{max(3, rules.min_comments)} people wrote one: do not sign it.</div>
<div class="disclaimer" role="note"><strong>What this is for.</strong> {esc(disclaimer)}</div>
<p>{how}</p>
<form id="lvm-form" novalidate>
<p id="progress" aria-live="polite">0 of {len(present)} answered</p>
{"".join(blocks)}
<label class="field" for="comment">A comment for {esc(who)} (optional)</label>
<p class="hint" id="comment-hint">What do they do well, and what could they do more of?
Up to 1000 characters. Leave out anything that would show who you are.</p>
<textarea id="comment" rows="5" maxlength="1000"
 aria-describedby="comment-hint"></textarea>
{send}
<p id="status" role="status" aria-live="polite"></p>
</form>
{result}
<noscript><p class="error">This form needs JavaScript to make your answer code. Open it
in an ordinary web browser (not a mail preview).</p></noscript>
<p class="small">Made by the Leadership and management course. This page works offline and
sends nothing anywhere by itself.</p>
</main>
<script type="application/json" id="lvm-data">{_script_json(data)}</script>
<script>{_asset("rater.js")}</script>
</body></html>
"""
