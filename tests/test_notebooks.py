"""The notebooks: committed clean, hidden code, slide-ready, and they run.

Two runs prove they run. ``nbval --nbval-lax`` (what a course author also runs)
executes every cell of every notebook in a fresh kernel. Then :mod:`nbclient`
executes them again over the *same* trainee folder, as a reopened notebook would,
and the test reads what a trainee would see: no error output, no "could not
start" message, the objectives at the top and the activities present.

No cell is marked ``# NBVAL_CHECK_OUTPUT``: that compares with stored outputs, and
the notebooks are committed without outputs (so trainees never see stale ones and
diffs stay readable). The text that matters is asserted here instead.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lvm_course.content import load_course

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
ALL = sorted(NOTEBOOKS.rglob("*.ipynb"))
LEARNER = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def isolated_env(root: Path) -> dict[str, str]:
    """Environment for a kernel that shares nothing with the user's own folders."""
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("LVM_COURSE_HOME", "course"),
                     ("JUPYTER_CONFIG_DIR", "jconfig"), ("JUPYTER_DATA_DIR", "jdata"),
                     ("JUPYTER_RUNTIME_DIR", "jruntime"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "mpl")):
        (root / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(root / sub)
    env.pop("LVM_COURSE_SHARED_DIR", None)
    env["PYTHONWARNINGS"] = "ignore"
    return env


def test_the_learner_notebooks_are_the_courses_parts():
    """Stable names: one notebook per part in course.yaml, and nothing else."""
    assert [p.stem for p in LEARNER] == [nb.id for nb in load_course().notebooks]
    assert (NOTEBOOKS / "facilitator" / "group_board.ipynb").is_file()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_committed_clean_hidden_and_slide_tagged(path):
    """No outputs, no counts; each code cell hidden; every cell has slide metadata."""
    cells = _cells(path)
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a notebook without an activity"
    for n, cell in enumerate(cells):
        where = f"{path.name} cell {n}"
        assert "slide_type" in cell["metadata"].get("slideshow", {}), where
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, where
            assert cell["metadata"]["jupyter"]["source_hidden"] is True, where
            lines = [x for x in "".join(cell["source"]).splitlines() if x.strip()]
            assert 1 <= len(lines) <= 2, f"{where}: one or two lines per code cell"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_how_to_run_cells_is_said_only_where_cells_are_run(path):
    """JupyterLab's run instruction sits in cells tagged lab-only, which Voila's templates
    and the room leave out; no other text mentions running cells."""
    cells = [c for c in _cells(path) if c["cell_type"] == "markdown"]
    lab_only = [c for c in cells if "lab-only" in c["metadata"].get("tags", [])]
    assert len(lab_only) == 1 and "Run All Cells" in "".join(lab_only[0]["source"])
    for cell in cells:
        if cell not in lab_only:
            text = "".join(cell["source"])
            assert "Run All Cells" not in text and "Shift + Enter" not in text, path.name


@pytest.mark.parametrize("path", LEARNER[:-1], ids=lambda p: p.stem)
def test_each_part_ends_with_a_link_to_the_next(path):
    nav = [c for c in _cells(path) if "part-nav" in c["metadata"].get("tags", [])]
    assert len(nav) == 1
    following = LEARNER[LEARNER.index(path) + 1]
    assert f"]({following.name})" in "".join(nav[0]["source"])


@pytest.mark.parametrize("path", LEARNER, ids=lambda p: p.stem)
def test_each_part_opens_with_objectives_and_ends_with_key_points(path):
    sources = ["".join(c["source"]) for c in _cells(path) if c["cell_type"] == "code"]
    assert f"show.objectives('{path.stem}')" in sources[0]
    assert f"show.key_points('{path.stem}')" in sources[-1]


def test_nbval_runs_every_notebook(tmp_path):
    """``pytest --nbval-lax`` over a copy of the notebooks, in an isolated kernel."""
    work = tmp_path / "work"
    shutil.copytree(NOTEBOOKS, work / "notebooks")
    env = isolated_env(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "-q", "-W", "ignore", "-o", "addopts=", "notebooks"],
        cwd=work, env=env, capture_output=True, text=True, timeout=600)
    tail = proc.stdout[-3000:]
    assert proc.returncode == 0, tail
    n_cells = sum(1 for p in ALL for c in _cells(p) if c["cell_type"] == "code")
    assert f"{n_cells} passed" in tail


def _run(path: Path, env: dict[str, str], cwd: Path) -> list[tuple[set[str], str]]:
    """Execute a notebook with nbclient; per code cell, (mime types shown, their text)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = dict(os.environ)
    os.environ.update(env)  # the kernel inherits the isolated folders
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={
            "metadata": {"path": str(cwd)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts, mimes = [], set()
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: {out.get('ename')}"
            assert out.get("name") != "stderr", f"{path.name}: {out.get('text')}"
            data = out.get("data", {})
            mimes |= set(data)
            parts.append(data.get("text/html", "") + data.get("text/plain", ""))
        texts.append((mimes, "\n".join(parts)))
    return texts


def test_reopened_notebooks_show_activities_not_errors(tmp_path):
    """A second run over the same trainee folder: every cell shows content, none fails."""
    env = isolated_env(tmp_path)
    work = tmp_path / "work"
    shutil.copytree(NOTEBOOKS, work)
    course = load_course()
    widget = "application/vnd.jupyter.widget-view+json"
    for path in sorted(work.rglob("*.ipynb")):
        cells = _run(path, env, path.parent)
        assert all(m for m, _ in cells), f"{path.name}: a cell showed nothing"
        joined = "\n".join(t for _, t in cells)
        assert "could not start" not in joined and "Traceback" not in joined, path.name
        for (mimes, _), cell in zip(cells, [c for c in _cells(path)
                                           if c["cell_type"] == "code"], strict=True):
            if "widgets." in "".join(cell["source"]):
                assert widget in mimes, f"{path.name}: {cell['source']!r} showed no widget"
        if path.stem[:2].isdigit():
            nb = next(n for n in course.notebooks if n.id == path.stem)
            assert html.escape(nb.objectives[0]) in cells[0][1], path.name


def test_cells_run_in_any_order(tmp_path):
    """A trainee who skips around: every cell of the course, last to first, in one kernel."""
    import nbformat

    cells = [c for p in ALL for c in nbformat.read(p, as_version=4).cells
             if c.cell_type == "code"]
    nb = nbformat.v4.new_notebook(cells=list(reversed(cells)))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "shuffled.ipynb"
    nbformat.write(nb, path)
    shown = _run(path, isolated_env(tmp_path), tmp_path)  # asserts no error output
    assert len(shown) == len(cells) and all(m for m, _ in shown)
    assert not any("could not start" in t for _, t in shown)
