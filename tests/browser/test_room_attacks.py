"""Attack, in a real browser: a page on another port of the room's own machine, opened by
a trainee who is in the room (so their browser holds the room's cookie).

SameSite=Lax treats another port of the same host as the same site, so the trainee's
cookie goes along with what that page sends. It tries what a link in an email could:
open the trainee's page connection and read their resume code, sign the trainee into
the attacker's own answers with a hidden form (login CSRF), and show the room inside a
frame. The room's exact-origin checks and its ``frame-ancestors 'none'`` stop all three
(tests/security probes the same without a browser).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lvm_course.room.identity import Room, format_code

from ..servers import free_port
from .test_room import KEY, resume_code, trainee

pytestmark = pytest.mark.browser

ATTACK = """<!doctype html><html lang="en"><head><title>Free CPD points</title></head><body>
<h1>Free CPD points</h1>
<iframe id="framed" title="room" src="http://127.0.0.1:{room}/"></iframe>
<form id="csrf" method="post" action="http://127.0.0.1:{room}/resume" target="sink">
<input name="code" value="{code}"></form><iframe name="sink" title="sink"></iframe>
<script>
const out = {{opened: false, messages: 0, leaked: false, closed: null}};
window.__out = out;
const id = crypto.randomUUID();
const ws = new WebSocket(`ws://127.0.0.1:{room}/jupyter/api/kernels/${{id}}/channels` +
                         `?session_id=${{crypto.randomUUID()}}`);
const msg = (type, content) => JSON.stringify({{header: {{msg_id: crypto.randomUUID(),
  msg_type: type, session: id, username: "", version: "5.3", date: ""}},
  parent_header: {{}}, metadata: {{}}, content, channel: "shell", buffers: []}});
ws.onopen = () => {{
  out.opened = true;
  ws.send(msg("comm_open", {{comm_id: "c1", target_name: "solara.control", data: {{}}}}));
  ws.send(msg("comm_msg", {{comm_id: "c1", data: {{method: "run",
                           args: {{path: "/", appName: "__default__"}}}}}}));
}};
ws.onmessage = (e) => {{ out.messages++;
  if (String(e.data).includes("resume code")) out.leaked = true; }};
ws.onclose = (e) => {{ out.closed = e.code; }};
document.getElementById("csrf").submit();
</script></body></html>"""


@pytest.fixture
def attacker(room):
    """A page server on another port of 127.0.0.1, with a resume code of the attacker's."""
    _key, mallory = Room(room.root).join()
    body = ATTACK.format(room=room.url.rsplit(":", 1)[1],
                         code=format_code(mallory.resume_code)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_port_gets_nothing_of_the_trainee(browser, room, attacker):
    ctx, page = trainee(browser, room)
    mine = resume_code(page, room)  # a trainee in the room, with its cookie
    before = [c["value"] for c in ctx.cookies() if c["name"] == KEY]
    page.goto(attacker)
    page.wait_for_function("() => window.__out && window.__out.closed !== null",
                           timeout=30_000)
    page.wait_for_timeout(2_000)  # the hidden form's post and the frame have their go
    out = page.evaluate("() => window.__out")
    assert out["opened"] is False and out["messages"] == 0 and out["leaked"] is False, out
    framed = page.frame_locator("#framed")
    assert framed.locator(".lvm-resume").count() == 0  # the room refuses to be framed
    assert [c["value"] for c in ctx.cookies() if c["name"] == KEY] == before
    assert resume_code(page, room) == mine  # still the trainee's own answers
    ctx.close()


def test_the_facilitators_slides_refuse_a_page_connection_from_another_origin(voila_slides):
    """The slides (Voila, 127.0.0.1 only, a real kernel as the facilitator) are trusted to
    the facilitator's machine; a site in the facilitator's browser still cannot drive
    their kernel: Jupyter's server refuses a websocket from another origin."""
    import re
    import urllib.request

    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with urllib.request.urlopen(f"{voila_slides.url}/voila/render/01_two_roles.ipynb",  # noqa: S310
                                timeout=90) as answer:
        page = answer.read().decode("utf-8")
    kernel = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", page)
    assert kernel, "no kernel id on the slides page"
    address = voila_slides.url.replace("http", "ws", 1) + f"/api/kernels/{kernel.group(0)}/channels"
    with pytest.raises(InvalidStatus) as refused, \
            connect(address, origin="http://evil.example", open_timeout=10):
        pass
    assert refused.value.response.status_code == 403
    with connect(address, origin=voila_slides.url, open_timeout=10) as own:
        own.ping().wait(10)  # its own pages still connect
