"""The course on a real JupyterHub, ten trainees at once, through the hub's own front door.

One story, in order (the tests share the hub and what the trainees did):

1. Ten trainees log in through the hub's login form, their servers start, and each
   opens 05 through the hub's ``/voila/render/``: our ``lvm`` template (a ``<main>``
   landmark), nothing to run, answers given by clicking, and an anonymous copy shared
   with consent into their cohort (``ward7``, from their hub group: no group name asked).
2. Each opens 06 in JupyterLab on the hub and writes a commitment: the plan reads their
   own scores from 05.
3. The facilitator (a member of ``lvm-facilitators``) opens the board through the hub:
   ten profiles in ``ward7``, the group radar drawn; and presents 01 as slides through
   the hub's Voila with our ``lvm-slides`` template (stylesheets served by the hub).
4. Nobody else gets what is not theirs, over HTTP with their own cookies and token:
   another trainee's server, answers or files, the facilitator's server, the group
   folder, the hub's user list; and a trainee's own board says it is for facilitators.
5. The admin culls idle servers with jupyterhub-idle-culler; a trainee who comes back
   logs in again and finds their answers (on the page they left) and their plan
   restored, and every shared copy still in the group folder.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest
import requests
from playwright.sync_api import expect

from lvm_course.content import load_course
from lvm_course.scoring import score

from .conftest import Visitor, hubkit, run_all

pytestmark = pytest.mark.browser

SCALE = ["Never", "Rarely", "Sometimes", "Often", "Always"]
ANSWERED = 24  # every item, four pages of six
PAGE = 6
NB = "lvm-course"


def choice(k: int, n: int) -> str:
    """Trainee ``k``'s answer to item ``n``: a different pattern for each trainee."""
    return SCALE[(n * 3 + k) % 5]


def toggle(page, n: int):
    return page.locator(".widget-toggle-buttons").filter(
        has=page.locator(".widget-label").get_by_text(f"Item {n}", exact=True))


def answers_of(k: int) -> dict[str, int]:
    items = load_course().items
    return {items[n - 1].id: SCALE.index(choice(k, n)) + 1 for n in range(1, ANSWERED + 1)}


@pytest.fixture(scope="module")
def cohort(hub, hub_browser):
    """Steps 1 and 2, for all ten trainees; returns their open visitors by name."""
    course = load_course()
    people = {u: Visitor(hub_browser, hub, u) for u in hub.trainees}
    started = time.monotonic()
    for v in people.values():  # every login submitted before any page is awaited
        v.login(f"voila/render/{NB}/05_self_profile.ipynb")
    for v in people.values():
        v.wait_text("Next page ▶", f"05_{v.user}")
    first_05 = time.monotonic() - started

    for k, (user, v) in enumerate(people.items(), 1):
        page = v.page
        assert page.url == f"{v.base}voila/render/{NB}/05_self_profile.ipynb"
        expect(page.locator("main")).to_have_count(1)  # our lvm template, not Voila's own
        assert "Run All Cells" not in page.locator("body").inner_text()
        for n in range(1, ANSWERED + 1):
            if n > 1 and (n - 1) % PAGE == 0:
                page.get_by_role("button", name="Next page ▶").click()
                expect(page.get_by_text(f"Page {(n - 1) // PAGE + 1} of 4")).to_be_visible()
            toggle(page, n).get_by_role("button", name=choice(k, n), exact=True).click()
            if n % PAGE == 0:  # the kernel has taken the page's answers
                expect(page.get_by_text(f"{n} of 24 answered", exact=False)).to_be_visible()
        expect(toggle(page, ANSWERED).locator("button.mod-active")).to_have_text(
            choice(k, ANSWERED))
        expect(page.get_by_label("Group name")).to_be_hidden()  # the hub group names it
        page.get_by_label("I agree to share an anonymous copy of my scores").check()
        page.get_by_role("button", name="Share with my group").click()
        expect(page.get_by_text("Shared with group 'ward7'")).to_be_visible()
        assert v.front_end_errors() == [], (user, v.front_end_errors())
    people[hub.trainees[0]].shot("hub_05_voila_shared")
    shared_05 = time.monotonic() - started

    # 06 in JupyterLab: all ten opened at once, then each plan written.
    for v in people.values():
        v.page.goto(f"{v.base}lab/tree/{NB}/06_action_plan.ipynb?reset",
                    wait_until="commit")
    dim = course.dimensions[0]
    for k, (user, v) in enumerate(people.items(), 1):
        page = v.page
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=180_000)
        page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
            timeout=180_000)
        run_all(page)
        v.wait_text("1. Choose one to three dimensions to grow", f"06_{user}")
        page.get_by_role("checkbox", name=dim.name, exact=True).check()
        mine = score(course, answers_of(k)).dimensions[dim.id].score
        expect(page.get_by_role("heading", name=f"{dim.name} (now {mine:.1f} of 5)")
               ).to_be_visible()
        page.get_by_label("I will…").first.fill(f"{user}: ask the team for ideas weekly")
        page.get_by_label("I will…").first.press("Tab")
        assert v.front_end_errors() == [], (user, v.front_end_errors())
    people[hub.trainees[0]].shot("hub_06_lab_plan")
    print(f"\nhub journey: ten logins to ten live 05 pages {first_05:.1f} s, all answered "
          f"and shared {shared_05:.1f} s, 06 planned {time.monotonic() - started:.1f} s")
    yield people
    for v in people.values():
        v.close()


def _plan(hub, user: str) -> dict:
    path = hub.home(user) / ".lvm_course" / "answers" / "action_plan.json"
    deadline = time.monotonic() + 30
    while True:
        try:
            plan = json.loads(path.read_text(encoding="utf-8"))
            if plan.get("commitments"):
                return plan
        except (OSError, ValueError):
            pass
        assert time.monotonic() < deadline, f"no plan saved for {user}"
        time.sleep(0.3)


def test_ten_trainees_answer_share_and_plan_each_in_their_own_home(hub, cohort):
    course = load_course()
    shared = sorted((hub.group_dir / "ward7").glob("*.json"))
    assert len(shared) == 10  # one anonymous copy each, random names, in their cohort
    for path in shared:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["label"] is None and doc["created"].endswith("T00:00:00+00:00")
    for k, user in enumerate(hub.trainees, 1):
        store = hub.home(user) / ".lvm_course" / "answers" / "questionnaire.json"
        saved = json.loads(store.read_text(encoding="utf-8"))["answers"]
        assert saved == answers_of(k)  # their clicks, in their own home only
        plan = _plan(hub, user)
        assert plan["commitments"] == {course.dimensions[0].id:
                                       f"{user}: ask the team for ideas weekly"}
        assert (hub.home(user) / NB / "00_start_here.ipynb").is_file()  # the extension


def test_the_facilitator_sees_the_cohort_on_the_board_through_the_hub(hub, hub_browser,
                                                                       cohort):
    lead = Visitor(hub_browser, hub, "facilitator")
    lead.login(f"voila/render/{NB}/facilitator/group_board.ipynb")
    lead.wait_text("10 profiles shared in group 'ward7'", "board")
    radar = lead.page.locator("img.lvm-chart").first
    expect(radar).to_have_attribute("alt", re.compile(r"^Group radar of 10 profiles"))
    assert lead.front_end_errors() == []
    lead.shot("hub_board_facilitator")

    # presenting from the hub: our slides template through the same /voila/render/,
    # its stylesheets served by the hub's Voila, nothing asked of the internet for them
    lead.page.goto(f"{lead.base}voila/render/{NB}/01_two_roles.ipynb?template=lvm-slides",
                   wait_until="domcontentloaded")
    expect(lead.page.locator(".reveal .slides section").first).to_be_attached()
    sheets = lead.page.eval_on_selector_all(
        "link[rel=stylesheet]", "links => links.map(l => l.getAttribute('href'))")
    reveal = [h for h in sheets if h.endswith("/dist/reveal.css")]
    assert reveal == ["/user/facilitator/voila/templates/lvm-slides/static/dist/reveal.css"]
    assert not [h for h in sheets if "unpkg.com" in h or "cdnjs" in h]
    assert lead.page.request.get(hub.url + reveal[0]).status == 200
    lead.close()


def test_a_trainees_own_board_is_refused_and_reads_nothing(hub, hub_browser, cohort):
    page = cohort[hub.trainees[1]].page
    page.goto(f"{cohort[hub.trainees[1]].base}voila/render/{NB}/facilitator/"
              "group_board.ipynb", wait_until="domcontentloaded")
    expect(page.get_by_text(re.compile(r"The group board is for the course's facilitators: "
                                       r"hub admins and members of the hub group "
                                       r"'lvm-facilitators'"))).to_be_visible()
    expect(page.locator("img.lvm-chart")).to_have_count(0)
    assert "ward7" not in page.locator("body").inner_text()


def _status(resp: requests.Response) -> int:
    """The status a browser would end on (after the hub's redirects)."""
    return resp.status_code


def test_no_trainee_reaches_what_is_not_theirs_through_the_hub(hub, cohort):
    me, other = hub.trainees[0], hub.trainees[1]
    session = hub.login(me)
    token = hub.token(session, me)
    own = session.get(f"{hub.url}/user/{me}/lab", timeout=60)
    assert own.status_code == 200 and own.url.startswith(f"{hub.url}/user/{me}/")
    bearer = {"Authorization": f"token {token}"}
    answers = ".lvm_course/answers/questionnaire.json"
    one_share = next((hub.group_dir / "ward7").glob("*.json")).name

    # another trainee's and the facilitator's servers: refused, by cookie and by token
    for path in (f"/user/{other}/lab", f"/user/{other}/api/contents/{answers}",
                 f"/user/{other}/files/{answers}",
                 f"/user/{other}/voila/render/{NB}/05_self_profile.ipynb",
                 f"/user/facilitator/voila/render/{NB}/facilitator/group_board.ipynb"):
        by_cookie = session.get(hub.url + path, timeout=60)
        assert by_cookie.status_code == 403, (path, by_cookie.status_code, by_cookie.url)
        assert '"answers"' not in by_cookie.text
        by_token = requests.get(hub.url + path, headers=bearer, timeout=60,
                                allow_redirects=False)
        assert by_token.status_code in (302, 403), (path, by_token.status_code)
        if by_token.status_code == 302:  # to the hub's login, never to the content
            assert "/hub/" in by_token.headers["Location"]

    # my own server cannot be walked out of my home: not to others, not to the group
    for path in (f"../{other}/{answers}", "../../group/ward7", f"../../group/ward7/{one_share}",
                 "..%2F..%2Fgroup%2Fward7", f"%2E%2E/{other}/{answers}"):
        for kind in ("api/contents", "files", "voila/files", "voila/api/contents"):
            resp = requests.get(f"{hub.url}/user/{me}/{kind}/{path}", headers=bearer,
                                timeout=60)
            assert resp.status_code in (403, 404), (kind, path, resp.status_code)
            assert '"answers"' not in resp.text and '"scores"' not in resp.text
    listing = requests.get(f"{hub.url}/user/{me}/api/contents/", headers=bearer, timeout=60)
    assert listing.status_code == 200
    assert {e["name"] for e in listing.json()["content"]} == {NB}  # no group, no one else

    # the hub's API: only myself
    assert hub.api(token, "GET", "/user").json()["name"] == me
    for path in ("/users", f"/users/{other}", "/groups", "/groups/lvm-facilitators"):
        assert hub.api(token, "GET", path).status_code in (403, 404), path
    assert hub.api(token, "DELETE", f"/users/{other}/server").status_code in (403, 404)

    # and no one logs in with another's password, or a wrong one
    with pytest.raises(PermissionError):
        hub.login(other, hub.passwords[me])
    with pytest.raises(PermissionError):
        hub.login("facilitator", "guess")


def test_the_admin_culls_idle_servers_and_a_trainee_comes_back_to_everything(
        hub, hub_browser, cohort):
    course = load_course()
    for v in cohort.values():  # the trainees leave: their tabs close
        v.page.close()
    admin = hub.login("admin")
    token = hub.token(admin, "admin", "cull")
    users = {u["name"]: u for u in hub.api(token, "GET", "/users").json()}
    running = sorted(u for u, m in users.items() if m.get("servers"))
    assert set(hub.trainees) <= set(running)

    time.sleep(2)  # older than the culler's timeout below
    log = hub.root / "culler.log"
    with open(log, "wb") as fh:
        culler = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub_idle_culler", f"--url={hub.url}/hub/api",
             "--timeout=1", "--cull-every=5"], stdout=fh, stderr=subprocess.STDOUT,
            env={"JUPYTERHUB_API_TOKEN": token, "PATH": "/usr/bin:/bin"})
    try:
        for user in running:
            hub.wait_server(token, user, ready=False, timeout=120)
    finally:
        culler.terminate()
        culler.wait(timeout=30)
    assert "Culling server" in log.read_text(errors="replace")
    # no process left: the server is stopped at once, its kernels end on their own when
    # they notice (ipykernel polls its parent), so give them a few seconds
    deadline = time.monotonic() + 30
    while hubkit._in_folder(hub.home(hub.trainees[2])) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not list(hubkit._in_folder(hub.home(hub.trainees[2])))

    user, k = hub.trainees[2], 3
    back = Visitor(hub_browser, hub, user)
    back.login(f"voila/render/{NB}/05_self_profile.ipynb")
    back.wait_text("Next page ▶", "05_back")
    page = back.page
    expect(page.get_by_text(f"{ANSWERED} of 24 answered", exact=False)).to_be_visible()
    expect(page.get_by_text("Page 4 of 4")).to_be_visible()  # where they left off
    for p in range(3, -1, -1):
        for n in range(p * PAGE + 1, p * PAGE + PAGE + 1):
            expect(toggle(page, n).locator("button.mod-active")).to_have_text(choice(k, n))
        if p:
            page.get_by_role("button", name="◀ Previous page").click()
            expect(page.get_by_text(f"Page {p} of 4")).to_be_visible()
    assert len(list((hub.group_dir / "ward7").glob("*.json"))) == 10  # shares kept
    page.goto(f"{back.base}voila/render/{NB}/06_action_plan.ipynb",
              wait_until="domcontentloaded")
    back.wait_text("1. Choose one to three dimensions to grow", "06_back")
    expect(page.get_by_role("checkbox", name=course.dimensions[0].name, exact=True)
           ).to_be_checked()
    expect(page.get_by_label("I will…").first).to_have_value(
        f"{user}: ask the team for ideas weekly")
    assert back.front_end_errors() == []
    back.shot("hub_back_after_cull")
    back.close()


def test_a_trainee_whose_starting_page_hears_nothing_still_arrives(hub, hub_browser):
    """The starting page's progress stream is cut (as for the trainees bench_hub.py saw
    stranded): the course's page reloads itself when the stream stays silent, and the
    trainee arrives in their server (deploy/templates/spawn_pending.html)."""
    user = hub.trainees[5]
    token = hub.token(hub.login("admin"), "admin", "stranded")
    hub.wait_server(token, user, ready=False, timeout=120)  # culled by the test before
    v = Visitor(hub_browser, hub, user)
    cut: list[str] = []
    v.page.route("**/server/progress*", lambda r: (cut.append(r.request.url), r.abort()))
    # the page's own reload answers slowly, as on a busy hub: the page must not reload
    # again while that navigation is under way (each would start another kernel). The
    # first starting page comes by redirect, which Playwright's route does not see.
    reloads: list[str] = []
    v.page.route(f"**/hub/spawn-pending/{user}*", lambda r: (
        reloads.append(r.request.url), time.sleep(6), r.continue_()))
    started = time.monotonic()
    v.login(f"voila/render/{NB}/05_self_profile.ipynb")
    v.page.wait_for_url(re.compile(r"/hub/spawn-pending/"), timeout=60_000)
    expect(v.page.get_by_text("Your server is starting up")).to_be_visible()
    v.wait_text("Next page ▶", "stranded", timeout=120_000)
    assert cut, "the progress stream was never asked for, so never cut"
    assert len(reloads) == 1, f"the starting page reloaded {len(reloads)} times"
    assert v.page.url.endswith("/05_self_profile.ipynb")
    print(f"\nstranded trainee arrived after {time.monotonic() - started:.1f} s "
          f"({len(cut)} progress requests cut)")
    v.close()
