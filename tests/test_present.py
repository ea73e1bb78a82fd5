"""``make present``: the Voila command line and our two Voila templates.

The browser tests (tests/browser/test_presenting.py, test_accessibility.py) prove the
pages and slides in Chromium; these check the wiring without a browser: which
template each mode uses, that Voila finds our templates through ``JUPYTER_PATH``
and nothing else, and that nothing in them reaches for the internet.
"""

from __future__ import annotations

import os
import re
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


def test_voila_env_puts_our_templates_first_and_keeps_the_rest():
    env = present.voila_env({"JUPYTER_PATH": os.pathsep.join(["/a", "/b"]), "X": "1"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(present.TEMPLATES_ROOT), "/a", "/b"]
    assert env["X"] == "1"
    assert present.voila_env(env)["JUPYTER_PATH"] == env["JUPYTER_PATH"]  # idempotent
    assert present.voila_env({})["JUPYTER_PATH"] == str(present.TEMPLATES_ROOT)


@pytest.mark.parametrize(("name", "base"), [("lvm", "lab"), ("lvm-slides", "reveal")])
def test_voila_finds_each_template_and_its_base(monkeypatch, name, base):
    from voila.paths import collect_static_paths, collect_template_paths

    monkeypatch.setenv("JUPYTER_PATH", present.voila_env({})["JUPYTER_PATH"])
    paths = collect_template_paths(["voila", "nbconvert"], name, prune=True)
    ours = str(TEMPLATES / name)
    assert paths[0] == ours  # ours first: our index.html.j2 wins
    assert any(Path(p).name == base and Path(p).parent.name == "templates"
               for p in paths[1:]), paths
    if name == "lvm-slides":
        static = [Path(p) for p in collect_static_paths(["voila", "nbconvert"], name)]
        assert static[0] == TEMPLATES / name / "static"
        # what reveal's template links: {url_prefix}/dist/reveal.css and theme/lvm.css
        assert (static[0] / "dist" / "reveal.css").is_file()
        assert (static[0] / "dist" / "theme" / "lvm.css").is_file()


def test_templates_ask_nothing_of_the_internet():
    files = [p for p in TEMPLATES.rglob("*") if p.is_file()]
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
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
    shutil.copytree(present.REPO / "lvm_course", src / "lvm_course",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(present.REPO / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                    "--quiet", "--wheel-dir", str(tmp_path / "wheel")], check=True,
                   capture_output=True, timeout=300)
    [wheel] = (tmp_path / "wheel").glob("lvm_course-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.split("lvm_course/", 1)[1] for n in names if "/share/jupyter/" in n}
    expected = {str(p.relative_to(present.TEMPLATES_ROOT.parent.parent))
                for p in TEMPLATES.rglob("*") if p.is_file()}
    assert expected and expected <= shipped, expected - shipped
    # the rater's form reads its script and styles from the package (feedback/static)
    assert {"lvm_course/feedback/static/rater.js",
            "lvm_course/feedback/static/rater.css"} <= names
