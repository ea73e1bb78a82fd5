"""``lvm-course room`` / ``make room``: serve the course to a workshop from this machine.

One Solara process serves every visitor (a virtual kernel per page, not a Python
process per page), wrapped in :class:`.server.RoomMiddleware`. This module sets
Solara up for a room before importing it (its settings are read at import):
production mode, no telemetry, no banner, a reload when a page cannot be restored
after a server restart, the front-end packages named under the room's own address
(served from the installed ``solara-assets`` copy by :mod:`.assets`: nothing is
fetched from the internet). Then it prints the join address, its QR code and the
facilitator address.

**Behind a proxy** (``--behind-proxy ADDRESS``, e.g. nginx giving the room HTTPS),
uvicorn believes ``X-Forwarded-For`` and ``X-Forwarded-Proto`` from that address only,
so each trainee is counted by their own address. Without it no forwarded header is
believed at all: uvicorn's default trusts them from 127.0.0.1, which let any program
on the facilitator's machine pose as any number of addresses.

**Memory is held by open tabs only.** A closed tab gives its page back at once (the
browser tells the server); a page whose connection dropped (a phone's screen lock, a
Wi-Fi drop) keeps its place for ``LVM_ROOM_CULL_AFTER`` (default 5 minutes) so it
resumes seamlessly, then gives its memory back; its answers are on disk anyway. We
tried closing open but idle tabs too: Solara's page then reconnects and reloads itself
at once (the reload that makes a server restart seamless), so that freed nothing and
only churned; an open tab is a trainee in the room, about 6 MB (``bench_room.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path

__all__ = ["DEFAULT_PORT", "add_command", "lan_address", "room_environment", "serve"]

DEFAULT_PORT = 8870
#: A page that lost its connection keeps its place this long (a phone's screen lock,
#: a Wi-Fi drop), then gives its memory back; its answers are saved on disk anyway.
CULL_AFTER = "5m"


def lan_address() -> str:
    """This machine's address on its network (the default route's), else 127.0.0.1.

    Connecting a UDP socket sends nothing; it only asks the system which interface
    would be used.
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))
        address = s.getsockname()[0]
        if address and not address.startswith("0."):
            return address
    return "127.0.0.1"


def port_free(ip: str, port: int) -> bool:
    """Whether ``ip:port`` can be listened on (checked before the room starts, so a busy
    port is one plain sentence, not a server's error)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def default_room_dir() -> Path:
    from ..paths import home_dir

    return home_dir() / "room"


def room_environment(room_dir: Path, join_url: str) -> dict[str, str]:
    """The environment the room's process runs with (Solara's settings and ours)."""
    return {
        "SOLARA_APP": "lvm_course.room.app",
        "SOLARA_MODE": "production",
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        "SOLARA_THEME_SHOW_BANNER": "false",
        "SOLARA_THEME_LOADER": "plain",
        "SOLARA_THEME_TITLE": "Leadership and management",
        "SOLARA_THEME_FORCE_REFRESH": "true",
        "SOLARA_KERNEL_CULL_TIMEOUT": os.environ.get("LVM_ROOM_CULL_AFTER", CULL_AFTER),
        "SOLARA_ASSETS_PROXY": "true",
        "SOLARA_ASSETS_FONTAWESOME_ENABLED": "true",
        "SOLARA_SESSION_HTTP_ONLY": "true",
        "LVM_ROOM_DIR": str(room_dir),
        "LVM_ROOM_JOIN_URL": join_url,
        "LVM_COURSE_SURFACE": "room",
        "LVM_COURSE_COHORT": "room",
        "LVM_COURSE_SHARED_DIR": str(room_dir / "group"),
        "MPLBACKEND": "Agg",
    }


def _banner(join: str, facilitator: str, room_dir: Path, slides: str = "") -> str:
    import segno

    qr = segno.make(join, error="m")
    lines = ["", "The room is open.", "",
             f"  Trainees join at:  {join}", "  (or scan this code)", ""]
    with contextlib.suppress(Exception):  # a terminal that cannot draw it still gets the text
        import io

        out = io.StringIO()
        qr.terminal(out=out, compact=True)
        lines.append(out.getvalue().rstrip())
    lines += ["", "  Facilitator page (keep it private, it carries your key):",
              f"  {facilitator}", ""]
    if slides:
        lines += ["  Slides to present (on this computer only, linked from the facilitator",
                  f"  page): {slides}", ""]
    lines += [f"  Everything the room saves is in {room_dir}",
              "  Stop the room with Ctrl-C; start it again with the same command and",
              "  everyone carries on where they were.", ""]
    return "\n".join(lines)


def serve(room_dir: Path, *, ip: str, port: int, public_host: str,
          open_browser: bool = False, quiet: bool = False, slides: bool = True,
          proxies: frozenset[str] = frozenset()) -> None:
    """Run the room until interrupted (blocks); with ``slides``, the facilitator's slides
    beside it on 127.0.0.1 (:mod:`.slides`), stopped with the room; ``proxies``: the
    addresses of a proxy in front of the room, whose forwarded headers are believed."""
    join = f"http://{public_host}:{port}/"
    os.environ.update(room_environment(room_dir, join))

    import warnings

    import uvicorn
    from solara.server import starlette as solara_starlette

    # Solara warns on every page over plain http; a room on a local network is http.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")

    from . import capacity
    from .guard import Hosts
    from .identity import Room
    from .limits import Limits
    from .notebook import NOTEBOOKS
    from .protocol import protocol_for
    from .render import warm_up
    from .server import RoomMiddleware

    warm_up(sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
    room = Room(room_dir)
    facilitator = f"{join}facilitator?token={room.facilitator_token}"
    presenter = None
    if slides:
        from .slides import SLIDES_PROBLEM_VAR, SLIDES_URL_VAR, start_slides

        try:
            presenter = start_slides(room.facilitator_home, port + 1)
            os.environ[SLIDES_URL_VAR] = presenter.url
        except (OSError, RuntimeError) as exc:
            os.environ[SLIDES_PROBLEM_VAR] = str(exc)
            if not quiet:
                print(f"lvm-course room: no slides today: {exc}", file=sys.stderr)
    limits = Limits.from_env()
    pages = capacity.Pages(limits)
    capacity.set_pages(pages)
    hosts = Hosts.for_room(public_host, os.environ.get("LVM_ROOM_HOSTS", ""))
    app = RoomMiddleware(solara_starlette.app, room, limits=limits, hosts=hosts, pages=pages)
    config = uvicorn.Config(
        app, host=ip, port=port, access_log=False, loop="asyncio", log_level="warning",
        ws_max_size=16 * 1024 * 1024, http=protocol_for(limits, proxies),
        limit_concurrency=limits.connections, timeout_keep_alive=5,
        proxy_headers=bool(proxies), forwarded_allow_ips=",".join(sorted(proxies)) or None)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            time.sleep(0.05)
        if not quiet:
            print(_banner(join, facilitator, room.root, presenter.url if presenter else ""),
                  flush=True)
        if open_browser:
            webbrowser.open(facilitator)

    threading.Thread(target=announce, daemon=True, name="room-announce").start()
    try:
        server.run()
    finally:
        if presenter:
            presenter.stop()


def add_command(sub: argparse._SubParsersAction, commands: dict) -> None:
    """Register ``lvm-course room``."""
    p = sub.add_parser("room", help="serve the course to a workshop (join link, QR code, "
                                    "facilitator page)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    p.add_argument("--ip", default=None,
                   help="address to listen on (default: every network of this machine, "
                        "with the join address on its main one)")
    p.add_argument("--dir", metavar="DIR", default=None,
                   help="the room folder (default: $LVM_COURSE_HOME/room)")
    p.add_argument("--no-browser", action="store_true",
                   help="do not open the facilitator page here")
    p.add_argument("--no-slides", action="store_true",
                   help="do not serve the facilitator's slides (Voila, on this computer "
                        "only) beside the room")
    p.add_argument("--behind-proxy", metavar="ADDRESS", default="",
                   help="the address(es) of a proxy in front of the room (comma-separated): "
                        "its X-Forwarded-For is believed, nobody else's")

    def cmd_room(args: argparse.Namespace) -> int:
        room_dir = Path(args.dir).expanduser() if args.dir else default_room_dir()
        ip = args.ip or "0.0.0.0"  # noqa: S104 - a room is served to its network on purpose
        public = lan_address() if ip == "0.0.0.0" else ip  # noqa: S104
        proxies = frozenset(a.strip() for a in args.behind_proxy.split(",") if a.strip())
        try:
            from .limits import Limits

            Limits.from_env()
        except ValueError as exc:
            print(f"lvm-course room: {exc}", file=sys.stderr)
            return 2
        if not port_free(ip, args.port):
            print(f"lvm-course room: port {args.port} is in use on this machine (another "
                  "room, or another program); choose another with --port", file=sys.stderr)
            return 1
        try:
            serve(room_dir.resolve(), ip=ip, port=args.port, public_host=public,
                  open_browser=not args.no_browser, slides=not args.no_slides,
                  proxies=proxies)
            # uvicorn handles Ctrl-C itself and returns here
            print("The room is closed. Everything it saved is still in "
                  f"{room_dir.resolve()}.", file=sys.stderr)
        except KeyboardInterrupt:
            print("The room is closed. Everything it saved is still in "
                  f"{room_dir.resolve()}.", file=sys.stderr)
        return 0

    commands["room"] = cmd_room
