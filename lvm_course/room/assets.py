"""The front-end packages a room page loads (``/_solara/cdn/...``), from the install only.

Solara's page names its JavaScript, styles and fonts under ``/_solara/cdn/``. With
Solara's assets proxy, a file missing there was downloaded from the public CDN on a
visitor's request, kept for a year and served from the room's own origin, with no
login: any npm package's page became a page of the room, able to read a trainee's
page connection. The room serves that address itself instead:

- **Only what is installed.** The files come from the copy the ``solara-assets``
  package puts in ``<prefix>/share/solara/cdn`` when it is installed (pinned in
  ``requirements.txt``); a file that is not there is a 404. Nothing is fetched, ever,
  so the room also needs no internet.
- **Only the kinds of file a page loads**: scripts, styles, fonts, images, source
  maps, JSON. The packages also ship example pages and README files; those are not
  served. An SVG (which a browser could open as a document) is served with a sandbox
  policy (:func:`.guard.asset_headers`).
- **Starlette's own static files** do the serving (path checks, ``ETag``, ranges);
  this module only chooses the folder and the kinds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

__all__ = ["PREFIX", "SERVED_KINDS", "InstalledAssets", "installed_folder"]

PREFIX = "/_solara/cdn/"
#: the file kinds a Solara page loads from its packages
SERVED_KINDS = frozenset({".js", ".mjs", ".css", ".woff", ".woff2", ".ttf", ".eot", ".otf",
                          ".png", ".gif", ".jpg", ".svg", ".map", ".json", ".wasm"})
# an exact npm version in the path: its content can never change (npm forbids re-use)
_EXACT = re.compile(r"@\d+\.\d+\.\d+(?:[-+][\w.]+)?/")


def installed_folder() -> Path:
    """Where ``solara-assets`` put its copy of the CDN packages."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


class InstalledAssets:
    """Serves ``/_solara/cdn/<package>@<version>/<file>`` from ``folder`` only."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._files = StaticFiles(directory=folder, check_dir=False, follow_symlink=False)

    def _relative(self, path: str) -> str | None:
        rest = path.removeprefix(PREFIX)
        if "/" not in rest.strip("/"):  # a bare package: its main file, as Solara stores it
            rest = f"{rest.strip('/')}/__main.js"
        rel = os.path.normpath(rest)
        if rel.startswith(("..", "/")) or os.path.splitext(rel)[1].lower() not in SERVED_KINDS:
            return None
        return rel

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any,
                       not_found: Any) -> None:
        """Answer the request, or call ``not_found(send)`` (the room's 404 page)."""
        rel = self._relative(scope["path"])
        if rel is None or scope["method"] not in ("GET", "HEAD"):
            await not_found(send)
            return
        try:
            response = await self._files.get_response(rel, scope)
        except HTTPException:
            await not_found(send)
            return
        if response.status_code in (200, 304) and _EXACT.search(scope["path"]):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        await response(scope, receive, send)
