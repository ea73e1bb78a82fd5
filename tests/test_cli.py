"""lvm-course check / score: exit codes and one clear line per problem, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from lvm_course.branching import VERDICT_WORDS
from lvm_course.cli import main
from lvm_course.profile import new_profile, save_profile
from lvm_course.scoring import score

from .conftest import REPO


def test_check_passes_on_the_shipped_content(capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_check_also_reads_every_notebook_as_the_room_will(tmp_path, capsys):
    """A cell the room cannot show fails `check`, naming the notebook and the cell."""
    import json
    import shutil

    from lvm_course.room.notebook import NOTEBOOKS

    copy = tmp_path / "nb"
    shutil.copytree(NOTEBOOKS, copy)
    assert main(["check", "--notebooks", str(copy)]) == 0
    assert "every cell one the room can show" in capsys.readouterr().out
    path = copy / "03_ward_round.ipynb"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [],
                         "execution_count": None, "source": "import os\nos.system('ls')"})
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", "--notebooks", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f"03_ward_round.ipynb, cell {len(doc['cells'])}: only" in err
    assert "1 problem(s) in the notebooks" in err


def test_check_names_a_cell_calling_an_unknown_scenario(tmp_path, capsys):
    """`widgets.scenario('id')` with an id scenarios.yaml does not have fails `check`."""
    import shutil

    from lvm_course.room.notebook import NOTEBOOKS

    copy = tmp_path / "nb"
    shutil.copytree(NOTEBOOKS, copy)
    path = copy / "03_ward_round.ipynb"
    text = path.read_text(encoding="utf-8")
    assert "widgets.scenario('new-process')" in text
    path.write_text(text.replace("widgets.scenario('new-process')",
                                 "widgets.scenario('new-proces')"), encoding="utf-8")
    assert main(["check", "--notebooks", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "03_ward_round.ipynb: widgets.scenario('new-proces'): no such scenario" in err
    assert "known: ward-round, new-process" in err


def test_check_lists_every_problem(data_copy, capsys):
    p = data_copy / "statements.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("answer: leadership", "answer: x", 2),
                 encoding="utf-8")
    assert main(["check", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert err.count("statements.yaml:") == 2 and "2 problem(s)" in err


def test_score_prints_json(course, tmp_path, capsys):
    answers = {i.id: 2 if i.reverse else 5 for i in course.items}   # all score 4 or 5
    answers[course.items_of("planning")[0].id] = 1
    path = save_profile(new_profile(course, answers), tmp_path / "p.json")
    assert main(["score", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {d.id for d in course.dimensions} | {"leadership", "management",
                                                             "balance"}
    expected = score(course, answers)
    assert out["planning"] == round(expected.dimensions["planning"].score, 4)
    assert out["planning"] < out["direction"]
    assert out["balance"] == round(expected.balance, 4) > 0


def test_score_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["score", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not valid JSON" in err and str(bad) in err


def test_console_script_runs_without_traceback(tmp_path):
    """The installed entry point: a missing file is one line, exit 1."""
    exe = __import__("shutil").which("lvm-course") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "lvm_course.cli"]
    r = subprocess.run([*cmd, "score", str(tmp_path / "none.json")], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "no such file" in r.stderr


def test_guide_is_current_and_complete(course, tmp_path):
    """The committed guide is what ``lvm-course guide`` writes from data/ today."""
    from lvm_course.facilitator import guide_markdown, schedule

    committed = (REPO / "notebooks" / "facilitator" / "guide.md").read_text(encoding="utf-8")
    assert committed == guide_markdown(course), "run: lvm-course guide --out " \
        "notebooks/facilitator/guide.md"
    out = tmp_path / "g.md"
    assert main(["guide", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == committed
    plan = schedule(course)
    assert plan[-1][0] + plan[-1][1] == 180  # a three-hour workshop
    assert any("Break" in what for _, _, what in plan)
    for s in course.statements:
        assert s.text.replace("|", "\\|") in committed
    for sc in course.scenarios:  # every branch: step, choice, what happens, verdict, why
        for step in sc.steps:
            assert f"#### {sc.title}: {step.title}" in committed
            for c in step.choices:
                row = " | ".join(x.replace("|", "\\|") for x in (
                    c.label, VERDICT_WORDS[c.verdict], c.consequence, c.feedback))
                assert row in committed
        for ending in sc.endings:
            assert f"| {ending.title} | {ending.text} |" in committed
        assert sc.takeaway.text in committed
    for nb in course.notebooks:
        assert nb.discussion and all(q in committed for q in nb.discussion)
