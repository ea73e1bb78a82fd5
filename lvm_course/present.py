"""``make present``: serve the course in Voila for a room (code hidden, widgets live).

Voila ships its own JupyterLab 4.2 front-end packages, which clash with other lab
extensions installed in the same environment (console error RUNTIME-012); those
are denied here. Slides use Voila's reveal template (``--template=reveal``):
jupyterlab-rise shows our widgets poorly with ipywidgets 8 (see the README).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["DENYLIST", "voila_command"]

REPO = Path(__file__).resolve().parent.parent
DENYLIST = ["jupyterlab-jupytext", "jupyterlab-rise", "@jupyterlab/mathjax3-extension",
            "@voila-dashboards/jupyterlab-preview"]


def voila_command(target: str, port: int, *, slides: bool = False, ip: str = "127.0.0.1",
                  open_browser: bool = False) -> list[str]:
    """The voila command line for ``target`` (a notebook or the notebooks folder)."""
    cmd = [sys.executable, "-m", "voila", target, f"--port={port}", f"--Voila.ip={ip}",
           "--VoilaConfiguration.extension_denylist=" + repr(DENYLIST),
           "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|pdf|md)']",
           "--show_tracebacks=False"]
    if slides:
        cmd += ["--template=reveal",
                "--VoilaConfiguration.resources={'reveal': {'scroll': True, "
                "'transition': 'none'}}"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m lvm_course.present")
    parser.add_argument("target", nargs="?", default=str(REPO / "notebooks"))
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", default="127.0.0.1",
                        help="0.0.0.0 to let a room on the same network connect")
    parser.add_argument("--slides", action="store_true", help="reveal.js slides")
    args = parser.parse_args(argv)
    cmd = voila_command(args.target, args.port, slides=args.slides, ip=args.ip,
                        open_browser=True)
    os.execv(cmd[0], cmd)  # noqa: S606 -- replace this process by voila: Ctrl-C stops it


if __name__ == "__main__":
    main()
