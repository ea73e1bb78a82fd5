"""``lvm-course aggregate``: summary on stdout, skips on stderr, exit codes, exports."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys

import pytest

from lvm_course import cli_group
from lvm_course.cli import main
from lvm_course.profile import new_profile, profile_document


def write_group(course, folder, n, seed=0):
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        profile = new_profile(course, {i.id: rng.randint(1, 5) for i in course.items},
                              label=f"Person {k}")
        doc = profile_document(profile)
        (folder / f"p{k:04d}.json").write_text(json.dumps(doc), encoding="utf-8")


def test_report_made_from_good_files_with_bad_ones_listed(course, tmp_path, capsys):
    """Exit 0; JSON summary on stdout; one 'skipped NAME: reason' line per bad file."""
    folder = tmp_path / "ward-7"
    write_group(course, folder, 6)
    (folder / "truncated.json").write_text('{"kind": "lvm-cou', encoding="utf-8")
    (folder / "latin1.json").write_bytes(b"\xff\xfe{}")
    (folder / "huge.json").write_bytes(b"0" * (2 * 1024 * 1024))
    (folder / "dir.json").mkdir()
    out_csv, out_pdf, out_png = tmp_path / "g.csv", tmp_path / "g.pdf", tmp_path / "g.png"
    code = main(["aggregate", str(folder), "--csv", str(out_csv), "--pdf", str(out_pdf),
                 "--png", str(out_png)])
    captured = capsys.readouterr()
    assert code == 0
    summary = json.loads(captured.out)
    assert summary["n"] == 6 and summary["ready"] and summary["skipped"] == 4
    assert set(summary["dimensions"]) == {d.id for d in course.dimensions}
    lines = captured.err.strip().splitlines()
    assert sorted(lines) == sorted([
        "skipped dir.json: is a folder, not a profile file",
        "skipped huge.json: too large (2,097,152 bytes; the limit is 1,048,576); not read",
        "skipped latin1.json: not UTF-8 text (byte 0)",
        "skipped truncated.json: not valid JSON (line 1, column 10: Unterminated string "
        "starting at)",
    ])
    assert out_pdf.read_bytes()[:4] == b"%PDF" and out_png.read_bytes()[:4] == b"\x89PNG"
    rows = list(csv.reader(out_csv.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 7 and "Person" not in out_csv.read_text(encoding="utf-8")
    assert summary["written"] == [str(out_png), str(out_pdf), str(out_csv)]


def test_below_threshold_exits_1_and_writes_nothing(course, tmp_path, capsys):
    """4 profiles, k=5: one clear line, exit 1, no file, no per-dimension number."""
    write_group(course, tmp_path / "c", 4)
    code = main(["aggregate", str(tmp_path / "c"), "--csv", str(tmp_path / "g.csv"),
                 "--pdf", str(tmp_path / "g.pdf")])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "4 profile(s) readable; 1 more needed (the minimum group is 5)" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert not (tmp_path / "g.csv").exists() and not (tmp_path / "g.pdf").exists()


def test_min_group_option_and_its_floor(course, tmp_path, capsys):
    """--min-group 3 accepts 3 profiles; --min-group 2 is refused naming the floor."""
    write_group(course, tmp_path / "c", 3)
    assert main(["aggregate", str(tmp_path / "c"), "--min-group", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 3
    assert main(["aggregate", str(tmp_path / "c"), "--min-group", "2"]) == 1
    assert "never below 3" in capsys.readouterr().err


def test_nothing_readable_and_missing_folder(course, tmp_path, capsys):
    """Only bad files -> 'no readable profiles'; a missing folder -> 'no such folder'."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bad.json").write_text("nope", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "skipped bad.json: not valid JSON" in err and "no readable profiles" in err
    assert main(["aggregate", str(tmp_path / "missing")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_quiet_counts_skips_and_shows_no_progress(course, tmp_path, capsys, monkeypatch):
    """--quiet: one line counting the skipped files, no counter."""
    monkeypatch.setattr(cli_group, "PROGRESS_FROM", 1)
    write_group(course, tmp_path / "c", 5)
    (tmp_path / "c" / "bad.json").write_text("[", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "c"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err == "skipped 1 file(s) (run without --quiet to list them)\n"


def test_progress_counter_on_large_folders(course, tmp_path, capsys, monkeypatch):
    """Above the file-count limit the \\r counter ends at total/total."""
    monkeypatch.setattr(cli_group, "PROGRESS_FROM", 3)
    write_group(course, tmp_path / "c", 5)
    assert main(["aggregate", str(tmp_path / "c")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\rreading ") and err.endswith("reading 5/5 files\n")


def test_no_progress_on_small_folders_when_not_a_terminal(course, tmp_path, capsys):
    """A small folder with stderr captured: no counter at all."""
    write_group(course, tmp_path / "c", 5)
    assert main(["aggregate", str(tmp_path / "c")]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("name", ["../../escape", "<script>"])
def test_odd_file_names_are_printed_safely(course, tmp_path, capsys, name):
    """Control characters in a file name never reach the terminal raw."""
    write_group(course, tmp_path / "c", 5)
    bad = "evil\x1b[31m" + name.replace("/", "_") + ".json"
    (tmp_path / "c" / bad).write_text("{", encoding="utf-8")
    assert main(["aggregate", str(tmp_path / "c")]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "skipped evil?[31m" in err


def test_runs_as_a_program(course, tmp_path):
    """The real entry point: exit code 0 and JSON on stdout."""
    write_group(course, tmp_path / "c", 5)
    done = subprocess.run([sys.executable, "-m", "lvm_course.cli", "aggregate",
                           str(tmp_path / "c")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["n"] == 5
