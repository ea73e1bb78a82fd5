"""``make present``: the Voila command line and our two Voila templates.

The browser tests (tests/browser/test_presenting.py, test_accessibility.py) and the
hub tests (tests/hub/) prove the pages and slides in Chromium; these check the wiring
without a browser: which template each mode uses, that the installed package put our
templates where Voila looks (no ``JUPYTER_PATH``) with a server config selecting them,
and that nothing in them reaches for the internet.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from lvm_course import present

TEMPLATES = present.TEMPLATES_ROOT / "voila" / "templates"


def option(cmd: list[str], name: str) -> str:
    [value] = [a.split("=", 1)[1] for a in cmd if a.startswith(f"--{name}=")]
    return value


def test_pages_and_slides_use_our_templates():
    page = present.voila_command("notebooks", 8866)
    slides = present.voila_command("notebooks", 8866, slides=True)
    assert option(page, "template") == "lvm"
    assert option(slides, "template") == "lvm-slides"
    resources = option(slides, "VoilaConfiguration.resources")
    assert "'theme': 'lvm'" in resources and "'scroll': False" in resources
    assert "--no-browser" in page and option(page, "Voila.ip") == "127.0.0.1"
    assert "0.0.0.0" in option(present.voila_command("nb", 1, ip="0.0.0.0"), "Voila.ip")


def test_kernels_of_closed_pages_are_culled_and_open_ones_kept():
    """Voila's own shutdown on closing a tab is refused (voila#1458): culling ends those
    kernels (tests/browser/test_voila_kernels.py shows it with a real page)."""
    cmd = present.voila_command("notebooks", 8866)
    assert option(cmd, "MappingKernelManager.cull_idle_timeout") == str(present.CULL_AFTER)
    assert option(cmd, "MappingKernelManager.cull_interval") == "60"
    assert option(cmd, "MappingKernelManager.cull_connected") == "False"
    quick = present.voila_command("notebooks", 8866, cull_after=4)
    assert option(quick, "MappingKernelManager.cull_interval") == "1"


def test_voila_env_names_the_surface_and_leaves_jupyter_path_alone():
    env = present.voila_env({"JUPYTER_PATH": "/a", "X": "1"})
    assert env == {"JUPYTER_PATH": "/a", "X": "1", "LVM_COURSE_SURFACE": "voila"}
    assert "JUPYTER_PATH" not in present.voila_env({})


def test_the_installed_templates_are_the_sources():
    """``pip install`` (editable too) copied each template file under the environment's
    share/jupyter; a stale copy (a template edited since) fails here: re-run `make`."""
    installed = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates"
    sources = [p for p in TEMPLATES.rglob("*") if p.is_file()]
    assert len(sources) >= 6
    for src in sources:
        copy = installed / src.relative_to(TEMPLATES)
        assert copy.is_file(), f"{copy} missing: reinstall the package (make)"
        assert copy.read_bytes() == src.read_bytes(), f"{copy} is stale: re-run make"


def test_the_installed_voila_config_makes_our_template_voilas_default():
    """What Voila's server extension (``/voila/render/`` in Lab or on a hub) reads: its
    ``load_config_file`` merges ``voila.json`` from the Jupyter config path."""
    from voila.server_extension import load_config_file

    installed = Path(sys.prefix) / "etc" / "jupyter" / "voila.json"
    assert installed.read_bytes() == present.VOILA_CONFIG.read_bytes()
    assert load_config_file().VoilaConfiguration.template == present.PAGE_TEMPLATE
    conf = json.loads(installed.read_text(encoding="utf-8"))["VoilaConfiguration"]
    assert conf["template"] == present.PAGE_TEMPLATE
    assert conf["extension_denylist"] == present.DENYLIST
    assert conf["show_tracebacks"] is False
    assert conf["resources"]["reveal"]["theme"] == "lvm"


@pytest.mark.parametrize(("name", "base"), [("lvm", "lab"), ("lvm-slides", "reveal")])
def test_voila_finds_each_template_and_its_base(monkeypatch, name, base):
    from voila.paths import collect_static_paths, collect_template_paths

    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    paths = collect_template_paths(["voila", "nbconvert"], name, prune=True)
    ours = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / name
    assert Path(paths[0]) == ours  # ours first: our index.html.j2 wins
    assert any(Path(p).name == base and Path(p).parent.name == "templates"
               for p in paths[1:]), paths
    if name == "lvm-slides":
        static = [Path(p) for p in collect_static_paths(["voila", "nbconvert"], name)]
        assert static[0] == ours / "static"
        # what our template links: {base}voila/templates/lvm-slides/static/dist/...
        assert (static[0] / "dist" / "reveal.css").is_file()
        assert (static[0] / "dist" / "theme" / "lvm.css").is_file()


def test_templates_ask_nothing_of_the_internet():
    files = [p for p in TEMPLATES.rglob("*") if p.is_file()]
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".j2":  # the CDN address Voila's template links is named only to
            cut = "{%- set fa_cdn = 'https://cdn.jsdelivr.net/"  # be cut from its output
            assert cut in text and text.count("| replace('<link") == 2, path
            text = "\n".join(line for line in text.splitlines() if cut not in line)
        assert not re.search(r"https?://|@import|url\(", text), path
    slides = (TEMPLATES / "lvm-slides" / "index.html.j2").read_text(encoding="utf-8")
    assert "block html_head_js_jquery" in slides  # the jQuery tag from cdnjs is dropped


def test_templates_ship_with_the_package(tmp_path):
    """A built wheel (not just this checkout) carries both templates and the styles."""
    import shutil
    import subprocess
    import sys
    import zipfile

    # Build from a copy: setuptools writes build/ next to the sources, and a stale
    # build/ in the checkout could hide a file that is no longer shipped.
    src = tmp_path / "src"
    for folder in ("lvm_course", "jupyter-config"):
        shutil.copytree(present.REPO / folder, src / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(present.REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                    "--quiet", "--wheel-dir", str(tmp_path / "wheel")], check=True,
                   capture_output=True, timeout=300)
    [wheel] = (tmp_path / "wheel").glob("lvm_course-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    files = [p.relative_to(TEMPLATES) for p in TEMPLATES.rglob("*") if p.is_file()]
    # as package data, and as data installed into <prefix>/share/jupyter/voila/templates
    package = {f"lvm_course/share/jupyter/voila/templates/{f}" for f in files}
    data = {f"lvm_course-0.1.0.data/data/share/jupyter/voila/templates/{f}" for f in files}
    config = {"lvm_course-0.1.0.data/data/etc/jupyter/voila.json",
              "lvm_course-0.1.0.data/data/etc/jupyter/jupyter_server_config.d/lvm_course.json"}
    assert files and package | data | config <= names, (package | data | config) - names
    # the rater's form reads its script and styles from the package (feedback/static),
    # and every surface its stylesheet (static/course.css)
    assert {"lvm_course/feedback/static/rater.js", "lvm_course/feedback/static/rater.css",
            "lvm_course/static/course.css"} <= names
