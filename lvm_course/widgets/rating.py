"""Notebook 06: rate a colleague who asked you, and save the answer file for them.

The flow is small on purpose (full 360-degree feedback with invitations is a later
piece of work):

1. A trainee asks a colleague who sees them at work to open part 06 on the
   colleague's own device (in the workshop room they join like anyone else).
2. The colleague answers *Rate a colleague*: the same items as part 05, in observer
   wording ("They tell the team..."), on the same how-often scale, with "I have not
   seen this" on every item so nobody has to guess. Answers are saved as they go
   (``Store("colleague_rating")``, apart from the colleague's own questionnaire).
3. *Save the answer file* writes an ordinary profile file (the format of
   ``profile.json``, answers 1-5, "not seen" left out) to the colleague's exports and
   offers it for download; its label is the rater's name, if they give one.
4. The colleague sends the file; the trainee adds it with *Add a colleague's rating*
   (:mod:`.comparing`) and sees it beside their own profile on the radar.
"""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w

from ..paths import home_dir
from ..profile import save_profile
from .common import Activity, esc, get_course, guarded, message
from .results import download_link
from .session import ProfileSession, rating_session
from .survey import Questionnaire

__all__ = ["ColleagueRating", "colleague_rating", "rating_file_name"]


def rating_file_name(rater: str | None) -> str:
    """``rating-from-<name>.json`` (letters, digits and dashes), or a neutral name."""
    slug = re.sub(r"[^a-z0-9]+", "-", (rater or "").lower()).strip("-")[:30].strip("-")
    return f"rating-from-{slug or 'a-colleague'}.json"


class ColleagueRating(Activity):
    """The items in observer wording, the rater's name, and the answer file to send."""

    def __init__(self, sess: ProfileSession, page_size: int = 6):
        self.session = sess
        self.questions = Questionnaire(sess, page_size=page_size)
        self.rater = w.Text(value=sess.label or "", description="Your name",
                            placeholder="optional: so they know whose rating it is",
                            style={"description_width": "8em"},
                            layout=w.Layout(width="32em"))
        self.rater.observe(lambda c: sess.set_label(c["new"]), names="value")
        self.save = w.Button(description="Save the answer file", button_style="primary",
                             icon="download", tooltip="Save your rating as a file to send")
        self.files = w.HTML()
        self.save.on_click(lambda _: self.save_file())
        intro = w.HTML(
            "<h3>Rate a colleague who asked you</h3><p>Answer about the colleague who "
            "asked you, as you have seen them at work: <em>they</em> in each item is "
            "that person. Choose how often they do each thing. If you have not seen it, "
            f"choose <em>{esc(sess.course.not_seen)}</em> rather than guess. Your answers "
            "are saved as you go; they leave this page only as the file you save and "
            "send.</p>")
        self.widget = w.VBox([
            intro, self.questions.widget,
            w.HTML("<h4>Send it to them</h4><p>Save the answer file and send it to your "
                   "colleague (by email or a message, as you would any document). They add "
                   "it in their own part 06, under <em>Add a colleague's rating</em>. To "
                   "rate someone else afterwards, use <em>Start over</em> above.</p>"),
            self.rater, self.save, self.files], layout=w.Layout(max_width="900px"))

    def save_file(self) -> Path | None:
        """Write the rating as a profile file under the rater's exports; offer it."""
        sess = self.session
        if not sess.answered:
            self.files.value = message("Rate at least some of the items first.", "warn")
            return None
        path = home_dir() / "exports" / rating_file_name(sess.label)
        try:
            save_profile(sess.profile(), path)
        except OSError as exc:
            self.files.value = message(f"Could not save the file: {exc.strerror}", "error")
            return None
        warn = "" if sess.complete else message(
            "Some dimensions have fewer than half their items rated, so they will show as "
            "gaps on your colleague's chart. That is fine if you have not seen them.")
        self.files.value = download_link(path, f"Download {path.name}") + warn
        return path


@guarded
def colleague_rating(page_size: int = 6) -> ColleagueRating:
    """Rate a colleague who asked you, in observer wording; save the file to send them."""
    return ColleagueRating(rating_session(get_course()), page_size=page_size)
