"""Notebook 06: others' view (360-degree feedback): invite raters, add their answers,
close the round and read the report beside your own profile.

A thin view over :mod:`lvm_course.feedback` (see its modules for the rules):

1. *Invite*: the name raters know you by, a rater group and how many; each invitation
   is a link where the course is served (the room) or a form file to email.
2. *Add the answers*: paste answer codes from emails, or add answer files; every code
   is checked on its own, and a refused one says why and changes nothing else.
3. *The report*: closing the round opens it (no answer can be added after; see
   :mod:`lvm_course.feedback.rounds` for why). Then the radar of you and others, the
   gaps, every statement, comments, and a PDF/PNG handout.

State lives in the trainee's ``Store("feedback")``; the page keeps nothing of its own,
so it can be rebuilt at any time (and tests drive it by ``.value`` and ``.click()``).
"""

from __future__ import annotations

import base64
from pathlib import Path

import ipywidgets as w

from ..feedback.anonymity import build_report, threshold
from ..feedback.codes import MAX_CODE, CodeRefused, find_codes
from ..feedback.form import rater_form
from ..feedback.links import link_maker
from ..feedback.report_html import counts_html, esc, report_html
from ..feedback.rounds import FeedbackRound, Invitation
from ..paths import home_dir
from .common import Activity, get_course, guarded, message
from .results import download_link
from .session import ProfileSession, session

__all__ = ["FeedbackPanel", "feedback"]

MAX_ANSWER_FILE = 64 * 1024


def _data_link(data: bytes, name: str, label: str, mime: str = "text/html") -> str:
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<a download="{esc(name)}" href="{href}" style="font-weight:bold">{esc(label)}</a>'


class FeedbackPanel(Activity):
    """Invitations, answers in, and the report of one round."""

    def __init__(self, feedback_round: FeedbackRound, sess: ProfileSession):
        self.round = feedback_round
        self.session = sess
        course = self.course = feedback_round.course
        rules = course.feedback
        self.k = threshold(rules)
        self.maker = link_maker()
        self.name = w.Text(value=feedback_round.name or "", description="Your name",
                           placeholder="as your colleagues know you",
                           style={"description_width": "8em"},
                           layout=w.Layout(width="100%", max_width="32em"))
        self.name.observe(lambda c: self.round.set_name(c["new"]), names="value")
        self.group = w.Dropdown(options=[(g.label, g.id) for g in rules.groups],
                                description="Rater group", style={"description_width": "8em"})
        self.how_many = w.Dropdown(options=list(range(1, 11)), value=1,
                                   description="How many", style={"description_width": "8em"})
        self.how = w.ToggleButtons(options=[("A link", "link"), ("A file to email", "file")],
                                   value="link", description="Send as",
                                   style={"description_width": "8em"})
        if self.maker is None:
            self.how.value = "file"
            self.how.layout.display = "none"
        self.make = w.Button(description="Make invitations", button_style="primary")
        self.make.on_click(lambda _: self.invite())
        self.made = w.HTML()
        self.listing = w.HTML()
        self.again = w.Button(description="Show the invitations again",
                              tooltip="Links and form files of the invitations not yet answered")
        self.again.on_click(lambda _: self.show_again())
        self.to_withdraw = w.Dropdown(description="Invitation", options=[],
                                      style={"description_width": "8em"})
        self.withdraw = w.Button(description="Withdraw it",
                                 tooltip="An answer to it will be refused (a lost email, "
                                         "the wrong person)")
        self.withdraw.on_click(lambda _: self.withdraw_one())
        self.withdrawing = w.HBox([self.to_withdraw, self.withdraw])
        self.paste = w.Textarea(placeholder="Paste answer codes here (each starts with lvm360-)",
                                description="Answer codes", style={"description_width": "8em"},
                                layout=w.Layout(width="100%", height="6em"))
        self.add = w.Button(description="Add the answers", button_style="primary")
        self.add.on_click(lambda _: self.add_pasted())
        self.upload = w.FileUpload(accept=".json,.txt", multiple=True,
                                   description="Add answer files")
        self.upload.observe(self.on_upload, names="value")
        self.added = w.HTML()
        self.check = w.Button(description="Check for new answers")
        self.check.on_click(lambda _: self.refresh())
        self.counts = w.HTML()
        self.close_round = w.Button(description="Close the round and see the report")
        self.close_yes = w.Button(description="Yes, close it and show the report",
                                  button_style="warning")
        self.close_no = w.Button(description="Not yet")
        self.close_ask = w.VBox([w.HTML(message(
            "Once the report is open, this round is closed: answers that arrive later "
            "cannot be added (seeing the report change with one more answer would show "
            "that person's answers). Close it when everyone you invited has answered, or "
            "you have waited long enough.", "warn")),
            w.HBox([self.close_yes, self.close_no])], layout=w.Layout(display="none"))
        self.close_round.on_click(lambda _: self._ask(self.close_ask, True))
        self.close_no.on_click(lambda _: self._ask(self.close_ask, False))
        self.close_yes.on_click(lambda _: self.close())
        self.report = w.HTML(_dom_classes=("lvm-feedback-report",))
        self.pdf = w.Button(description="Handout (PDF)")
        self.png = w.Button(description="Handout (PNG)")
        self.pdf.on_click(lambda _: self.handout(".pdf"))
        self.png.on_click(lambda _: self.handout(".png"))
        self.files = w.HTML()
        self.new_round = w.Button(description="Start a new round…")
        self.new_yes = w.Button(description="Yes, start a new round", button_style="danger")
        self.new_no = w.Button(description="No, keep this one")
        self.new_ask = w.HBox([w.HTML("Start again with new invitations? This report "
                                      "will no longer be shown. "), self.new_yes, self.new_no],
                              layout=w.Layout(display="none"))
        self.new_round.on_click(lambda _: self._ask(self.new_ask, True))
        self.new_no.on_click(lambda _: self._ask(self.new_ask, False))
        self.new_yes.on_click(lambda _: self.start_new())
        where = ("a link to send by email or message to someone who can open this room now, "
                 "or a file to email to anyone" if self.maker else
                 "a small web page (a file) to email; it works offline in any browser, on "
                 "a phone or a computer, and gives them an answer code to send back")
        self.collecting = w.VBox([
            w.HTML("<h3>1. Invite colleagues</h3><p>Invite at least "
                   f"{self.k} people from each group you would like to see on its own: your "
                   "manager, peers, people you lead, or others. Each invitation is for one "
                   f"person: {where}. They need no account and nothing to install.</p>"),
            self.name, self.group, self.how_many, self.how, self.make, self.made,
            self.listing, self.again, self.withdrawing,
            w.HTML("<h3>2. Add the answers</h3><p>Paste the answer codes colleagues sent "
                   "you (several at once is fine), or add the answer files. "
                   + ("Answers through a link arrive by themselves: press <em>Check for new "
                      "answers</em>. " if self.maker else "")
                   + "You see how many answered, never what one person said.</p>"),
            self.paste, self.add, self.upload, self.added, self.check, self.counts,
            w.HTML("<h3>3. The report</h3>"), self.close_round, self.close_ask])
        self.closed = w.VBox([
            w.HTML("<h3>Your others' view</h3>"), self.report,
            w.HBox([self.pdf, self.png]), self.files, self.new_round, self.new_ask])
        self.widget = w.VBox([self.collecting, self.closed],
                             layout=w.Layout(max_width="900px"))
        self.show()

    # --- showing -----------------------------------------------------------------
    @staticmethod
    def _ask(box: w.Widget, show: bool) -> None:
        box.layout.display = "" if show else "none"

    def show(self) -> None:
        """Show what fits the round's state: collecting, or closed with its report."""
        closed = bool(self.round.closed)
        self.collecting.layout.display = "none" if closed else ""
        self.closed.layout.display = "" if closed else "none"
        if closed:
            self.draw_report()
        else:
            self.counts.value = counts_html(self.course, self.round.counts(), self.k)
            self.list_invitations()

    def _numbered(self) -> list[tuple[str, Invitation]]:
        seen: dict[str, int] = {}
        out = []
        labels = {g.id: g.label for g in self.course.feedback.groups}
        for inv in self.round.invitations():
            seen[inv.group] = seen.get(inv.group, 0) + 1
            out.append((f"{labels.get(inv.group, inv.group)} {seen[inv.group]}", inv))
        return out

    def list_invitations(self) -> None:
        rows = []
        for title, inv in self._numbered():
            state = ("answered" if inv.used else "withdrawn" if inv.withdrawn
                     else "waiting for an answer")
            rows.append(f"<tr><td>{esc(title)}</td><td>{'link' if inv.how == 'link' else 'file'}"
                        f"</td><td>{esc(state)}</td></tr>")
        self.listing.value = "" if not rows else (
            '<table class="lvm-table" style="border-collapse:collapse;margin:0.4em 0">'
            "<caption style='text-align:left;font-weight:bold'>Your invitations</caption>"
            "<thead><tr><th scope='col'>Invitation</th><th scope='col'>Sent as</th>"
            "<th scope='col'>State</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")
        waiting = [(t, i.id) for t, i in self._numbered() if i.waiting]
        self.again.layout.display = "" if waiting else "none"
        self.withdrawing.layout.display = "" if waiting else "none"
        self.to_withdraw.options = waiting

    def _offer(self, numbered: list[tuple[str, Invitation]]) -> str:
        """Links to copy, and form files to download, for these invitations."""
        out = []
        for title, inv in numbered:
            if inv.how == "link" and inv.link:
                out.append(f"<li><strong>{esc(title)}</strong>: <code style='user-select:all;"
                           f"word-break:break-all'>{esc(inv.link)}</code></li>")
            else:
                html = rater_form(self.course, invitation=inv.id, secret=inv.secret,
                                  group=inv.group, items=inv.items, name=self.round.name)
                slug = title.lower().replace(" ", "-")
                out.append(f"<li><strong>{esc(title)}</strong>: " + _data_link(
                    html.encode("utf-8"), f"feedback-form-{slug}.html",
                    f"Download feedback-form-{slug}.html") + "</li>")
        if not out:
            return ""
        return ("<p>Send each one to a different person. A link or form works once.</p>"
                f"<ul>{''.join(out)}</ul>")

    # --- inviting -----------------------------------------------------------------
    def invite(self) -> list[Invitation]:
        """Make ``how_many`` invitations for the chosen group; offer their links/files."""
        made = []
        try:
            for _ in range(self.how_many.value):
                made.append(self.round.invite(self.group.value, self.how.value,
                                              self.maker if self.how.value == "link" else None))
        except (CodeRefused, ValueError, OSError) as exc:
            self.made.value = message(f"Could not make the invitation: {exc}", "error")
            return made
        ids = {i.id for i in made}
        self.made.value = self._offer([(t, i) for t, i in self._numbered() if i.id in ids])
        self.list_invitations()
        return made

    def show_again(self) -> None:
        self.made.value = self._offer([(t, i) for t, i in self._numbered() if i.waiting])

    def withdraw_one(self) -> None:
        """Withdraw the chosen invitation: its link or form can no longer be answered."""
        if self.to_withdraw.value:
            self.round.withdraw(self.to_withdraw.value)
            self.made.value = ""
            self.list_invitations()

    # --- answers in ---------------------------------------------------------------
    def _add(self, text: str, where: str = "") -> list[str]:
        codes = find_codes(text)
        if not codes:
            return [message(f"{where}no answer code found (a code starts with lvm360-).",
                            "warn")]
        notes = []
        labels = {g.id: g.label for g in self.course.feedback.groups}
        for n, code in enumerate(codes, start=1):
            which = f"{where}code {n}: " if len(codes) > 1 else where
            try:
                got = self.round.accept(code)
            except CodeRefused as exc:
                notes.append(message(f"{which}not added: {exc}.", "error"))
                continue
            notes.append(message(f"{which}added an answer ({labels.get(got.group, got.group)})"
                                 ".", "ok"))
        return notes

    def add_pasted(self) -> None:
        """Add every code in the paste box; each is reported on its own."""
        text = self.paste.value
        if not text.strip():
            self.added.value = message("Paste an answer code first.", "warn")
            return
        self.added.value = "".join(self._add(text))
        self.paste.value = ""
        self.refresh()

    def on_upload(self, change: dict) -> None:
        """Add the codes in uploaded answer files (any file holding a code will do)."""
        if not change["new"]:
            return
        notes = []
        for upload in change["new"] or ():
            name = Path(str(upload.get("name", "answer"))).name
            raw = bytes(upload.get("content", b""))
            if len(raw) > MAX_ANSWER_FILE:
                notes.append(message(f"{name}: too large to be an answer file.", "error"))
                continue
            notes += self._add(raw[:MAX_CODE * 4].decode("utf-8", "replace"), f"{name}: ")
        self.added.value = "".join(notes)
        self.refresh()

    def refresh(self) -> None:
        """Read answers that arrived elsewhere (through a link), then redraw."""
        self.round.refresh()
        self.show()

    # --- the report ---------------------------------------------------------------
    def close(self) -> None:
        self.round.close()
        self._ask(self.close_ask, False)
        self.show()

    def build(self):
        """The report of this round (re-scored from the answers each time)."""
        return build_report(self.course, self.round.ratings(), self.session.answers)

    def draw_report(self) -> None:
        from ..charts import img_html
        from ..feedback.radar import radar_alt, radar_png

        report = self.build()
        chart = ""
        if report.combined:
            alt = radar_alt(self.course, report.lines)
            chart = (img_html(radar_png(self.course, report.lines), alt, max_width="620px")
                     + f'<p style="font-size:0.9em">{esc(alt)}</p>')
        self.report.value = report_html(self.course, report, chart)

    def handout(self, suffix: str) -> Path | None:
        from ..feedback.handout import write_feedback_handout

        path = home_dir() / "exports" / f"others-view{suffix}"
        try:
            write_feedback_handout(self.course, self.build(), path, name=self.round.name)
        except OSError as exc:
            self.files.value = message(f"Could not write the handout: {exc.strerror}", "error")
            return None
        self.files.value = download_link(path, f"Download {path.name}")
        return path

    def start_new(self) -> None:
        self.round.start_new()
        self._ask(self.new_ask, False)
        self.made.value = self.added.value = self.files.value = ""
        self.show()


@guarded
def feedback() -> FeedbackPanel:
    """Others' view: invite colleagues, add their answers, see the report (360 degrees)."""
    course = get_course()
    return FeedbackPanel(FeedbackRound(course), session(course))
