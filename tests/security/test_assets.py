"""Attack: the room's asset route as a way to serve anyone's page from the room's origin.

Solara's assets proxy (``/_solara/cdn/<package>@<version>/<file>``) fetched whatever
was missing from the public CDN, kept it for a year and served it from the room's own
origin. A planted page there runs script as the room: it can open a trainee's page
connection and read their resume code. The room now serves only what the installed
``solara-assets`` package ships, only as the kinds of file a page loads (never a page
itself), and asks no one else for anything.
"""

from __future__ import annotations

import re

from .probes import http


def test_a_file_the_install_lacks_is_never_fetched_from_a_cdn(room, cdn, figure):
    """A planted ``index.html`` behind the stand-in CDN stays out of the room."""
    before = len(cdn.asked)
    got = http(room.url, "GET", "/_solara/cdn/planted-page@1.0.0/index.html")
    asked = len(cdn.asked) - before
    figure("1 planted CDN page", f"status {got.status}, "
           f"{got.header('content-type')}, CDN asked {asked} time(s)")
    assert asked == 0, "the room asked a CDN for a file on a visitor's request"
    assert got.status == 404 and b"<script>" not in got.body
    again = http(room.url, "GET", "/_solara/cdn/planted-page@1.0.0/index.html")
    assert again.status == 404  # nothing was kept either


def test_pages_shipped_inside_installed_packages_are_not_served(room):
    """``solara-assets`` carries a package's example pages; none is served as a page."""
    for path in ("/_solara/cdn/@widgetti/vue-grid-layout@2.3.13-alpha.2/public/index.html",
                 "/_solara/cdn/@widgetti/vue-grid-layout@2.3.13-alpha.2/test/"
                 "interact-test.html"):
        got = http(room.url, "GET", path)
        assert got.status == 404, (path, got.status)


def test_no_way_out_of_the_asset_folder(room):
    for path in ("/_solara/cdn/../../../../etc/passwd", "/_solara/cdn/%2e%2e/%2e%2e/room.json",
                 "/_solara/cdn/requirejs@2.3.6/../../../bin/python"):
        got = http(room.url, "GET", path)
        assert got.status in (400, 404) and b"root:" not in got.body, (path, got.status)


def test_the_room_page_still_gets_every_asset_it_names(room, cdn):
    """What a page needs is all in the install: each asset it names answers 200, marked
    ``nosniff``, and the CDN is asked for none of it."""
    before = len(cdn.asked)
    page = http(room.url, "GET", "/")
    named = sorted(set(re.findall(r"/_solara/cdn/[^\"'\s)]+", page.text)))
    assert named, "the page names no asset: Solara's template changed"
    for path in named:
        got = http(room.url, "GET", path)
        assert got.status == 200, (path, got.status)
        assert got.header("x-content-type-options") == "nosniff", path
    assert len(cdn.asked) == before
