"""Hardening (issue 6): the corpora of bad files, faults, concurrency, and safety.

Each test records what it tried with the ``reliability`` fixture; the totals end
the test run and are the figures in the README's "Reliability" table.
"""

from __future__ import annotations

import ast
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from lvm_course.cli import main
from lvm_course.content import check_content
from lvm_course.profile import load_profile, new_profile, profile_document, save_profile

from .conftest import DATA, REPO, all_answers
from .corpus.make_corpus import CASES, ITEMS

CORPUS = Path(__file__).resolve().parent / "corpus"
PROFILES = CORPUS / "profiles"


def test_corpus_is_current(course):
    """The committed files are what ``make_corpus.py`` writes, for today's items."""
    assert [i.id for i in course.items] == ITEMS
    assert sorted(p.name for p in PROFILES.glob("*.json")) == sorted(CASES)
    for name, (raw, _, _) in CASES.items():
        assert (PROFILES / name).read_bytes() == raw, name


def _score(path: Path, capsys) -> tuple[int, str, str]:
    code = main(["score", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_bad_profile_gets_one_clear_line_from_score(capsys, reliability):
    for name, (_, ok, words) in sorted(CASES.items()):
        code, out, err = _score(PROFILES / name, capsys)
        if ok:
            assert code == 0 and words in out and err == "", name
        else:
            assert code == 1 and out == "", name
            assert err.count("\n") == 1 and name in err and words in err, (name, err)
            assert "Traceback" not in err
    reliability("Bad profile files (lvm-course score)", len(CASES),
                "each: exit 1 and one line naming file and reason; recomputed when valid")


def test_special_files(tmp_path, capsys, reliability):
    """50 MB, a symlink out of the folder, a folder named like a profile."""
    big = tmp_path / "huge.json"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    outside = tmp_path / "outside" / "secret.json"
    outside.parent.mkdir()
    outside.write_text("{}")
    (tmp_path / "link.json").symlink_to(outside)
    (tmp_path / "folder.json").mkdir()
    t = time.perf_counter()
    code, _, err = _score(big, capsys)
    assert code == 1 and "too large" in err and time.perf_counter() - t < 5
    code, _, err = _score(tmp_path / "folder.json", capsys)
    assert code == 1 and "folder" in err
    code, _, err = _score(tmp_path / "link.json", capsys)  # explicitly named: read, judged
    assert code == 1 and err.count("\n") == 1
    reliability("Bad profile files (lvm-course score)", 3,
                "each: exit 1 and one line naming file and reason; recomputed when valid")


def test_the_real_command_never_prints_a_traceback(tmp_path):
    """Through the installed entry point, as a facilitator would type it."""
    exe = Path(sys.executable).with_name("lvm-course")
    for name in ("truncated.json", "non-utf8.json", "deep-nesting.json", "answer-huge.json"):
        proc = subprocess.run([str(exe), "score", str(PROFILES / name)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert proc.stderr.startswith("lvm-course score: ") and proc.stderr.count("\n") == 1


def test_aggregate_reports_bad_files_and_still_makes_the_report(course, tmp_path, capsys,
                                                                   reliability):
    """The whole corpus mixed with six good profiles: a report from the good ones."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    for name, (raw, _, _) in CASES.items():
        (folder / name).write_bytes(raw)
    with open(folder / "huge.json", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (folder / "folder.json").mkdir()
    outside = tmp_path / "outside.json"
    save_profile(new_profile(course, all_answers(course, 1)), outside)
    (folder / "link.json").symlink_to(outside)
    for k in range(6):
        save_profile(new_profile(course, all_answers(course, 1 + k % 5)),
                     folder / f"good-{k}.json")
    csv = tmp_path / "scores.csv"
    code = main(["aggregate", str(folder), "--csv", str(csv)])
    out, err = capsys.readouterr()
    bad = [n for n, (_, ok, _) in CASES.items() if not ok]
    # a valid but incomplete profile is left out of group figures, and says so
    assert "skipped few-answers.json: incomplete" in err
    accepted = len(CASES) - len(bad) - 1 + 6
    assert code == 0, err
    for name in [*bad, "huge.json", "link.json"]:
        assert f"skipped {name}: " in err, name
    assert "Traceback" not in err
    rows = csv.read_text(encoding="utf-8").strip().splitlines()
    assert len(rows) == 1 + accepted
    reliability("Bad profile files (lvm-course aggregate)", len(bad) + 3,
                "each skipped with its name and reason; report made from the good ones")


def _apply(folder: Path, case: dict) -> None:
    path = folder / case["file"]
    text = path.read_text(encoding="utf-8")
    assert case["old"] in text, f"{case['name']}: the edit no longer applies"
    path.write_text(text.replace(case["old"], case["new"], 1), encoding="utf-8")


CONTENT_CASES = yaml.safe_load((CORPUS / "content_cases.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[c["name"] for c in CONTENT_CASES])
def test_each_authoring_error_is_named(case, data_copy, capsys):
    _apply(data_copy, case)
    assert main(["check", "--data", str(data_copy)]) == 1
    _, err = capsys.readouterr()
    for words in case["expect"]:
        assert words in err, (case["name"], words, err)
    assert "Traceback" not in err


def test_all_authoring_errors_at_once(data_copy, capsys, reliability):
    """Every case applied to one copy: every file is named in one check."""
    for case in CONTENT_CASES:
        if case["name"] != "YAML syntax error":  # a file that does not parse hides its own
            _apply(data_copy, case)
    problems = check_content(data_copy)
    files = {p.file for p in problems}
    assert {c["file"] for c in CONTENT_CASES if c["name"] != "YAML syntax error"} <= files
    assert all(p.line or p.item for p in problems)
    reliability("Broken content copies (lvm-course check)", len(CONTENT_CASES) + 1,
                "each named with file and line or item id; all reported in one pass")


# --- faults ------------------------------------------------------------------------------
def test_killing_the_kernel_between_answers_loses_nothing(course, tmp_path, reliability):
    """A real kernel answers, is killed mid-way, a new kernel restores every answer."""
    from jupyter_client.manager import start_new_kernel

    from .test_notebooks import isolated_env

    env = isolated_env(tmp_path)
    items = [i.id for i in course.items][:10]
    setup = ("from lvm_course.widgets.survey import questionnaire\n"
             "q = questionnaire()\n")
    answer = "q.controls[{item!r}].value = {value}\n"
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        kc.execute_interactive(setup, timeout=60)
        for n, item in enumerate(items):
            reply = kc.execute_interactive(answer.format(item=item, value=1 + n % 5),
                                           timeout=30)
            assert reply["content"]["status"] == "ok"
        os.kill(km.provisioner.process.pid, 9)  # no clean shutdown, no atexit
    finally:
        kc.stop_channels()
        km.cleanup_resources()
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    got: list[str] = []
    try:
        kc.execute_interactive(setup + "import json; print(json.dumps("
                               "{k: c.value for k, c in q.controls.items()}))",
                               timeout=60, output_hook=lambda m: got.append(
                                   m["content"].get("text", "")))
    finally:
        km.shutdown_kernel(now=True)
        kc.stop_channels()
    restored = json.loads("".join(got))
    assert {i: restored[i] for i in items} == {i: 1 + n % 5 for n, i in enumerate(items)}
    assert all(restored[i] is None for i in restored if i not in items)
    reliability("Kernel killed between answers", len(items),
                "every answer given before the kill restored")


def _hammer(path: str, label: str, n: int, answers: dict[str, int]) -> None:
    from lvm_course.content import load_course

    course = load_course(DATA)
    profile = new_profile(course, answers, label=label)
    for _ in range(n):
        save_profile(profile, path)


def test_two_processes_saving_one_profile_never_tear_it(course, tmp_path, reliability):
    """Two writers x 1,000 saves while a reader checks every version it sees."""
    path = tmp_path / "profile.json"
    a, b = all_answers(course, 2), all_answers(course, 4)
    save_profile(new_profile(course, a, label="A"), path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_hammer, args=(str(path), "A", 1000, a)),
             ctx.Process(target=_hammer, args=(str(path), "B", 1000, b))]
    for p in procs:
        p.start()
    reads, seen = 0, set()
    while any(p.is_alive() for p in procs):
        prof = load_profile(course, path)  # raises on a torn or mixed file
        assert (prof.label, dict(prof.answers)) in (("A", a), ("B", b))
        seen.add(prof.label)
        reads += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    assert reads > 10
    assert not [p for p in tmp_path.iterdir() if p.name != "profile.json"]  # no temp files
    reliability("Concurrent saves of one profile (2 processes)", 2000,
                f"0 torn or mixed files in {reads} reads; no temporary file left")


def test_group_folder_changing_while_read(course, tmp_path, reliability):
    """Files appear, vanish and are half-written while the group is read 200 times."""
    from lvm_course.group import read_folder, summarise

    folder = tmp_path / "cohort"
    folder.mkdir()
    for k in range(5):
        save_profile(new_profile(course, all_answers(course, 3)), folder / f"base-{k}.json")
    stop = threading.Event()

    doc = json.dumps(profile_document(new_profile(course, all_answers(course, 4))))

    def churn() -> None:
        k = 0
        while not stop.is_set():
            p = folder / f"churn-{k % 7}.json"
            if k % 3 == 0:
                p.write_text(doc[: len(doc) // 2])  # a non-atomic, half-written file
            elif k % 3 == 1:
                p.write_text(doc)
            else:
                p.unlink(missing_ok=True)
            k += 1

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(200):
            data = read_folder(course, folder)
            assert summarise(course, data, min_group=5).n >= 5
    finally:
        stop.set()
        worker.join()
    final = read_folder(course, folder)
    assert summarise(course, final).n == 5 + sum(
        1 for p in folder.glob("churn-*.json") if p.stat().st_size == len(doc))
    reliability("Group folder changing during reads", 200,
                "no crash; the next read is exact")


# --- safety ------------------------------------------------------------------------------
def test_no_eval_exec_pickle_or_unsafe_yaml_in_the_package():
    """Static check over every module: nothing a person supplied is ever executed."""
    banned_calls = {"eval", "exec", "compile", "__import__"}
    banned_modules = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}
    problems = []
    for path in sorted((REPO / "lvm_course").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr \
                    if isinstance(f, ast.Attribute) else ""
                builtin = isinstance(f, ast.Name) or (
                    isinstance(f, ast.Attribute) and getattr(f.value, "id", "") == "builtins")
                if name in banned_calls and builtin:
                    problems.append(f"{where} calls {name}")
                if name in {"load", "load_all", "full_load", "unsafe_load"} and \
                        isinstance(f, ast.Attribute) and getattr(f.value, "id", "") == "yaml":
                    problems.append(f"{where} yaml.{name}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if any(n.split(".")[0] in banned_modules for n in names):
                    problems.append(f"{where} imports {names}")
    assert problems == []


# --- privacy -------------------------------------------------------------------------------
NAMES = ["Dr Ada Lovelace", "<img src=x onerror=alert(1)>", "../../etc/passwd", "Zoë"]


def test_privacy_of_shared_copies_and_group_exports(course, home, tmp_path, reliability):
    """No name unless agreed; the CSV has no answers or labels; nothing below k."""
    from lvm_course.group import TooFewError, read_folder, summarise
    from lvm_course.group_report import write_csv, write_report
    from lvm_course.paths import shared_dir
    from lvm_course.sharing import share_profile, unshare

    checks = 0
    for k, name in enumerate(NAMES):  # four trainees, labels typed but not agreed
        (home / "answers").mkdir(parents=True, exist_ok=True)
        for stale in (home / "answers").glob("share-tokens*"):
            stale.unlink()  # a different trainee (their own token store)
        share_profile(new_profile(course, all_answers(course, 1 + k), label=name), "ward-a")
    folder = shared_dir() / "ward-a"
    for path in folder.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        for name in NAMES:
            assert name not in text and json.loads(text)["label"] is None
            checks += 1
        assert path.stem not in {n.lower() for n in NAMES}
    data = read_folder(course, folder)
    summary = summarise(course, data)  # 4 < 5: nothing may be drawn or exported
    assert not summary.ready and summary.needed == 1
    for writer, suffix in ((write_report, ".png"), (write_report, ".pdf"),
                           (lambda c, s, p: write_csv(s, p), ".csv")):
        with pytest.raises(TooFewError):
            writer(course, summary, tmp_path / f"r{suffix}")
        assert not (tmp_path / f"r{suffix}").exists()
        checks += 1
    for stale in (home / "answers").glob("share-tokens*"):
        stale.unlink()  # a fifth trainee, who agrees to include their label
    share_profile(new_profile(course, all_answers(course, 5), label="Agreed Name"), "ward-a",
                  include_label=True)
    summary = summarise(course, read_folder(course, folder))
    csv = write_csv(summary, tmp_path / "scores.csv").read_text(encoding="utf-8")
    assert summary.ready and "Agreed Name" not in csv
    assert not any(i.id in csv for i in course.items) and len(csv.splitlines()) == 6
    assert unshare("ward-a") and len(list(folder.glob("*.json"))) == 4
    checks += 3
    reliability("Privacy checks (shared copies, exports, threshold)", checks,
                "no name without consent; CSV scores only; nothing drawn below k")


# --- trainee text is data ------------------------------------------------------------------
HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>",
           "\"><svg onload=alert(3)>", "javascript:alert(4)", "{{7*7}} ${7*7} $x^2$",
           "' OR 1=1 --", "\u202eevil\u202c", "a" * 5000]


def _html_values(widget) -> str:
    """Every HTML string a widget tree shows (what reaches the browser as markup)."""
    import ipywidgets as w

    out, stack = [], [widget]
    while stack:
        x = stack.pop()
        if isinstance(x, w.HTML | w.HTMLMath):
            out.append(x.value)
        stack.extend(getattr(x, "children", ()))
    return "\n".join(out)


def test_trainee_text_never_becomes_markup(course, home, tmp_path, reliability):
    """Hostile text typed into every free-text field shows escaped, never as a tag."""
    from lvm_course.widgets.board import GroupBoard
    from lvm_course.widgets.planning import ActionPlan
    from lvm_course.widgets.results import ProfileResults
    from lvm_course.widgets.scenarios import scenario
    from lvm_course.widgets.session import forget_sessions, session
    from lvm_course.widgets.survey import Questionnaire

    tried = 0
    for text in HOSTILE:
        forget_sessions()
        sess = session(course)
        q = Questionnaire(sess)
        for n, ctrl in enumerate(q.controls.values()):
            ctrl.value = 1 + n % 5
        r = ProfileResults(sess)
        r.label.value = text
        r.cohort.value = text
        r.consent.value = True
        r.do_share()
        plan = ActionPlan(sess)
        dim = course.dimensions[0].id
        plan.checks[dim].value = True
        plan.commit[dim].value = text
        s = scenario()
        s.view.why.value = text
        s.view.choice.value = "both"
        s.view.choose_button.click()
        board = GroupBoard(course, None, min_group=3)
        board.typed.value = text
        board.refresh()
        shown = "\n".join(_html_values(x.widget) for x in (q, r, plan, s, board))
        for bad in ("<img src=x", "<script>", "<svg onload"):
            assert bad not in shown, (text, bad)
        if text.startswith("<img"):  # and it is really shown, as text
            assert "&lt;img src=x onerror=alert(1)&gt;" in shown
        tried += 5
    reliability("Hostile text in free-text fields (escaped)", tried,
                "shown as text, never as markup (also checked in a browser)")
