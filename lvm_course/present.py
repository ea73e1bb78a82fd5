"""``make present``: serve the course in Voila for a room (code hidden, widgets live).

Voila ships its own JupyterLab 4.2 front-end packages, which clash with other lab
extensions installed in the same environment (console error RUNTIME-012); those
are denied here.

Pages use our ``lvm`` template (Voila's lab template with a ``<main>`` landmark) and
slides our ``lvm-slides`` template (``lvm_course/share/jupyter/voila/templates``),
a thin layer over Voila's reveal template: jupyterlab-rise shows our widgets only as
text with ipywidgets 8 (see the README), and Voila's own reveal template fetches
reveal.js's stylesheets and jQuery from CDNs, so offline (a hospital training room)
its slides come out unstyled and unclickable.

Installing the package puts both templates where Jupyter looks
(``<prefix>/share/jupyter/voila/templates``) and Voila's config file
(``<prefix>/etc/jupyter/voila.json``) that makes ``lvm`` Voila's default template, with
the same deny list, also for Voila's server extension (``/voila/render/`` in JupyterLab
or on a JupyterHub, which reads ``voila.json`` and no other Voila setting from the
environment). No ``JUPYTER_PATH`` is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["CULL_AFTER", "DENYLIST", "PAGE_TEMPLATE", "SLIDES_TEMPLATE", "TEMPLATES_ROOT",
           "VOILA_CONFIG", "voila_command", "voila_env"]

REPO = Path(__file__).resolve().parent.parent
#: the templates' source (also shipped as package data); installed copies live under
#: ``<prefix>/share/jupyter/voila/templates``
TEMPLATES_ROOT = Path(__file__).resolve().parent / "share" / "jupyter"
#: Voila's config, installed to ``<prefix>/etc/jupyter/voila.json``
VOILA_CONFIG = REPO / "jupyter-config" / "voila.json"
SLIDES_TEMPLATE = "lvm-slides"
PAGE_TEMPLATE = "lvm"
DENYLIST = ["jupyterlab-jupytext", "jupyterlab-rise", "@jupyterlab/mathjax3-extension",
            "@voila-dashboards/jupyterlab-preview"]


#: seconds an unconnected, idle Voila kernel lives on (see voila_command)
CULL_AFTER = 600


def voila_command(target: str, port: int, *, slides: bool = False, ip: str = "127.0.0.1",
                  open_browser: bool = False, cull_after: int = CULL_AFTER) -> list[str]:
    """The voila command line for ``target`` (a notebook or the notebooks folder).

    Every Voila page has its own kernel, which Voila means to shut down when the tab
    closes; with Voila 0.5 that request is refused (``403 ... '_xsrf' argument missing``,
    voila-dashboards/voila#1458), so without culling each page ever opened keeps a
    kernel (60-100 MB) until the server stops. Kernels idle for ``cull_after`` seconds
    with no page connected are shut down; a page left open on a slide keeps its
    kernel however long the pause (``cull_connected`` False).
    """
    cmd = [sys.executable, "-m", "voila", target, f"--port={port}", f"--Voila.ip={ip}",
           "--VoilaConfiguration.extension_denylist=" + repr(DENYLIST),
           "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|pdf|md)']",
           "--show_tracebacks=False",
           f"--MappingKernelManager.cull_idle_timeout={cull_after}",
           f"--MappingKernelManager.cull_interval={max(1, min(60, cull_after // 4))}",
           "--MappingKernelManager.cull_connected=False"]
    if slides:
        # scroll False: Voila's scroll option needs jQuery; our stylesheet scrolls.
        cmd += [f"--template={SLIDES_TEMPLATE}",
                "--VoilaConfiguration.resources={'reveal': {'scroll': False, "
                "'transition': 'none', 'theme': 'lvm'}}"]
    else:
        cmd.append(f"--template={PAGE_TEMPLATE}")
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def voila_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``LVM_COURSE_SURFACE=voila``.

    The templates need nothing here: the installed package put them where Voila looks.
    """
    env = dict(os.environ if base is None else base)
    env["LVM_COURSE_SURFACE"] = "voila"  # pages say nothing about running cells
    return env


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
    # replace this process by voila: Ctrl-C stops it
    os.execve(cmd[0], cmd, voila_env())  # noqa: S606


if __name__ == "__main__":
    main()
