"""Run once by ``make lab``: quiet JupyterLab's news pop-up for trainees.

The "get notified about Jupyter news" toast covers the first notebook and asks the
internet (which a workshop room may not have). A settings override in the venv turns
it off for this course's JupyterLab only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


def write_overrides(venv: Path) -> Path:
    """Write ``share/jupyter/lab/settings/overrides.json`` under ``venv``."""
    target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(OVERRIDES, indent=2) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    write_overrides(Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix))
