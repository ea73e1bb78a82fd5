"""Part 06's others' view, driven like a trainee (``.value``, ``.click()``): invite, add
answers by paste and by file, close the round, read the report, take the handout."""

from __future__ import annotations

import base64
import json
import re

import pytest

from lvm_course.feedback.codes import seal
from lvm_course.feedback.links import set_link_maker
from lvm_course.widgets import feedback
from lvm_course.widgets import session as session_mod
from lvm_course.widgets.others_view import FeedbackPanel
from lvm_course.widgets.survey import questionnaire

HOSTILE = '<img src=x onerror=alert(1)></script>"'


@pytest.fixture(autouse=True)
def _fresh():
    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()
    set_link_maker(None)


def invite(panel, group, n=1):
    panel.group.value, panel.how_many.value = group, n
    panel.make.click()


def codes(panel, value_of=lambda n, inv: "3", comment=lambda n: ""):
    return [seal(inv.id, inv.secret, value_of(n, inv) * len(inv.items), comment(n))
            for n, inv in enumerate(panel.round.invitations())]


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_invitations_are_form_files_to_email_where_the_course_is_not_served(home, course):
    panel = feedback()
    assert isinstance(panel, FeedbackPanel)
    assert panel.how.layout.display == "none" and panel.how.value == "file"
    panel.name.value = HOSTILE
    invite(panel, "peer", 3)
    invite(panel, "manager")
    links = re.findall(r'download="([^"]+)" href="data:text/html;base64,([^"]+)"',
                       panel.made.value)
    assert [name for name, _ in links] == ["feedback-form-manager-1.html"]
    page = base64.b64decode(links[0][1]).decode("utf-8")
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert page.count("</script>") == 2  # the name cannot close the data block
    assert "their manager" in page and "Make my answer code" in page
    assert "Peers 3" in plain(panel.listing.value) and "waiting" in panel.listing.value
    panel.again.click()
    assert panel.made.value.count("data:text/html") == 4
    assert len(panel.round.invitations()) == 4


def test_answers_by_paste_and_file_counts_only_then_the_report(home, course):
    q = questionnaire()  # the trainee's own answers (05)
    for item in course.items:
        q.controls[item.id].value = 4
    panel = feedback()
    invite(panel, "peer", 3)
    invite(panel, "manager")
    got = codes(panel, lambda n, inv: "2" if inv.group == "peer" else "5",
                lambda n: f"Comment {n} {HOSTILE}")
    panel.paste.value = f"From a colleague:\n> {got[0]}\n\n{got[1]}\n{got[0]}"
    panel.add.click()
    notes = plain(panel.added.value)
    assert "code 1: added an answer (Peers)" in notes
    assert "code 3: not added: this invitation has already been answered" in notes
    assert panel.paste.value == ""
    panel.on_upload({"new": [{"name": "feedback-answer.json",
                              "content": json.dumps({"code": got[2]}).encode()},
                             {"name": "holiday.jpg", "content": b"\xff\xd8 no code"},
                             {"name": f"{HOSTILE}.json", "content": got[3].encode()}]})
    notes = plain(panel.added.value)
    assert "feedback-answer.json: added an answer (Peers)" in notes
    assert "holiday.jpg: no answer code found" in notes
    assert "<img" not in panel.added.value
    assert "Answers received: 4" in plain(panel.counts.value)
    assert "Peers 3 enough to be shown on their own" in plain(panel.counts.value)
    assert panel.report.value == ""  # nothing of what anyone said before closing

    panel.close_round.click()
    assert panel.close_ask.layout.display == ""
    panel.close_yes.click()
    assert panel.collecting.layout.display == "none" and panel.closed.layout.display == ""
    report = panel.report.value
    text = plain(report)
    assert "All others (4 raters)" in text and "Peers (3 raters)" not in text
    assert "would reveal the answers of the fewer than 3 other raters merged" in text
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Radar chart of how you '
                     r"see yourself and how others see you", report)
    assert "You: Direction" in text and "Blind spots" in text
    assert "Comment 0" in text and "<img src=x" not in report
    assert panel.paste.layout.display != "none"  # hidden with its whole section
    pdf, png = panel.handout(".pdf"), panel.handout(".png")
    assert pdf.read_bytes()[:4] == b"%PDF" and png.read_bytes()[:4] == b"\x89PNG"
    assert 'download="others-view.png"' in panel.files.value


def test_the_closed_report_comes_back_and_a_new_round_starts_clean(home, course):
    panel = feedback()
    invite(panel, "report", 3)
    for code in codes(panel):
        panel.round.accept(code)
    panel.refresh()
    panel.close_round.click()
    panel.close_yes.click()
    session_mod.forget_sessions()
    again = feedback()  # reopened notebook / kernel restart
    assert again.collecting.layout.display == "none"
    assert "Direct reports (3 raters)" in plain(again.report.value)
    again.new_round.click()
    again.new_yes.click()
    assert again.closed.layout.display == "none" and again.round.invitations() == []
    assert "Answers received: 0" in plain(again.counts.value)


def test_links_where_the_course_is_served(home, course):
    made = []

    def maker(folder):
        made.append(folder)
        return f"tok{len(made)}", f"http://room.test/rate/tok{len(made)}"

    set_link_maker(maker)
    panel = feedback()
    assert panel.how.layout.display != "none" and panel.how.value == "link"
    invite(panel, "peer", 2)
    assert "http://room.test/rate/tok1" in panel.made.value and "tok2" in panel.made.value
    assert made == [home, home]
    panel.how.value = "file"
    invite(panel, "other")
    assert "feedback-form-other-colleagues-1.html" in panel.made.value


def test_a_late_answer_after_closing_is_refused_with_a_message(home, course):
    panel = feedback()
    invite(panel, "peer", 4)
    late, *first = codes(panel)
    for code in first:
        panel.round.accept(code)
    panel.close()
    panel.paste.value = late
    panel.add_pasted()
    assert "round is closed" in plain(panel.added.value)


def test_an_invitation_can_be_withdrawn(home, course):
    panel = feedback()
    invite(panel, "peer", 2)
    first, second = panel.round.invitations()
    assert [v for _, v in panel.to_withdraw.options] == [first.id, second.id]
    panel.to_withdraw.value = first.id
    panel.withdraw.click()
    assert "withdrawn" in panel.listing.value
    assert [v for _, v in panel.to_withdraw.options] == [second.id]
    panel.paste.value = seal(first.id, first.secret, "3" * len(first.items))
    panel.add.click()
    assert "you withdrew this invitation" in plain(panel.added.value)


def test_a_broken_store_never_stops_the_page(home, course):
    (home / "answers").mkdir(parents=True)
    (home / "answers" / "feedback.json").write_text("{oops", encoding="utf-8")
    panel = feedback()
    assert isinstance(panel, FeedbackPanel) and panel.round.store.problem
    invite(panel, "peer")
    assert len(panel.round.invitations()) == 1
