"""lvm_course.content on broken copies of data/: each problem names file, line,
item and field, and all problems come out at once."""

from __future__ import annotations

import re

import pytest

from lvm_course.content import check_content, load_course
from lvm_course.errors import ContentError


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _first_item_line(path, key="- id:"):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(key))


def test_duplicate_id_named_with_file_and_line(data_copy):
    """Two statements with one id: the second is reported with its line."""
    path = data_copy / "statements.yaml"
    ids = re.findall(r"^  - id: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    _edit(path, f"- id: {ids[1]}\n", f"- id: {ids[0]}\n")
    problems = check_content(data_copy)
    dup = [p for p in problems if "duplicate id" in p.message]
    assert len(dup) == 1
    assert dup[0].file == "statements.yaml" and dup[0].item == ids[0] and dup[0].line > 1


def test_unknown_dimension_named(data_copy):
    """An item pointing at a missing dimension names the item and field."""
    path = data_copy / "questionnaire.yaml"
    _edit(path, "dimension: direction", "dimension: directoin")
    problems = check_content(data_copy)
    bad = [p for p in problems if "unknown dimension 'directoin'" in p.message]
    assert bad and bad[0].field == "dimension" and bad[0].file == "questionnaire.yaml"
    assert bad[0].item.startswith("q-")
    text = path.read_text(encoding="utf-8").splitlines()
    assert "directoin" in text[bad[0].line - 1]


def test_missing_source_and_empty_text_reported_together(data_copy):
    """Two different problems in two files: both come out in one check."""
    _edit(data_copy / "concepts.yaml", "    source: ", "    sauce: ")
    text = (data_copy / "statements.yaml").read_text(encoding="utf-8")
    first_text = re.search(r"^    text: (.+)$", text, re.M).group(1)
    _edit(data_copy / "statements.yaml", f"text: {first_text}", 'text: ""')
    problems = check_content(data_copy)
    files = {p.file for p in problems}
    assert {"concepts.yaml", "statements.yaml"} <= files
    assert any(p.field == "source" and "missing" in p.message for p in problems)
    assert any(p.field == "text" and "empty" in p.message for p in problems)


def test_too_few_items_and_no_reverse(data_copy):
    """A dimension left with 3 items and none reverse-keyed gets both problems."""
    path = data_copy / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=  - id: )", text)
    keep = []
    for block in blocks:
        if "dimension: planning" in block:
            if block.count("reverse: true"):
                continue
            if sum("dimension: planning" in b for b in keep) >= 3:
                continue
        keep.append(block)
    path.write_text("".join(keep), encoding="utf-8")
    problems = [str(p) for p in check_content(data_copy)]
    assert any("'planning'" in p and "needs at least 4" in p for p in problems)
    assert any("'planning'" in p and "no reverse-keyed" in p for p in problems)


def test_yaml_syntax_error_has_a_line(data_copy):
    """Broken YAML names the file and the line of the error."""
    path = data_copy / "pairs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  oops: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = check_content(data_copy)
    bad = [p for p in problems if p.file == "pairs.yaml"]
    assert bad and "YAML syntax error" in bad[0].message and bad[0].line >= 4


def test_tab_indentation_reported(data_copy):
    """A tab in the indentation is named with its line."""
    path = data_copy / "course.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "\t" + lines[2].lstrip()
    path.write_text("\n".join(lines), encoding="utf-8")
    bad = [p for p in check_content(data_copy) if p.file == "course.yaml"]
    assert len(bad) == 1 and "tab" in bad[0].message and bad[0].line == 3


def test_unknown_field_and_wrong_choice(data_copy):
    """A misspelt key and a value outside the allowed set are both named."""
    _edit(data_copy / "statements.yaml", "answer: leadership", "answer: leader")
    _edit(data_copy / "pairs.yaml", "    title:", "    tittle:")
    problems = check_content(data_copy)
    assert any(p.field == "answer" and "'leader'" in p.message for p in problems)
    assert any(p.field == "tittle" and "not a known field" in p.message
               for p in problems)


def test_duplicate_key_reported(data_copy):
    """PyYAML would silently keep the last of two equal keys; we report it."""
    path = data_copy / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    m = re.search(r"(?m)^    title: .+$", text)
    path.write_text(text[:m.end()] + "\n    title: again" + text[m.end():], encoding="utf-8")
    assert any("appears twice" in p.message for p in check_content(data_copy))


def test_missing_file_and_missing_folder(data_copy, tmp_path):
    """A missing file is named; a missing folder is one problem."""
    (data_copy / "situations.yaml").unlink()
    assert any(p.file == "situations.yaml" and "missing" in p.message
               for p in check_content(data_copy))
    problems = check_content(tmp_path / "nowhere")
    assert len(problems) == 1 and "does not exist" in problems[0].message


def test_load_course_raises_content_error_with_every_problem(data_copy):
    """load_course refuses broken content and lists every problem in the message."""
    _edit(data_copy / "statements.yaml", "answer: leadership", "answer: leader")
    _edit(data_copy / "questionnaire.yaml", "dimension: direction", "dimension: nowhere")
    with pytest.raises(ContentError) as info:
        load_course(data_copy)
    assert len(info.value.problems) >= 2
    assert "statements.yaml" in str(info.value) and "questionnaire.yaml" in str(info.value)


def test_yaml_tags_cannot_build_python_objects(data_copy):
    """Only the safe loader is used: a python/object tag is an error, never executed."""
    path = data_copy / "sources.yaml"
    path.write_text("sources: !!python/object/apply:os.system ['echo hacked']\n",
                    encoding="utf-8")
    problems = check_content(data_copy)
    assert any(p.file == "sources.yaml" and "YAML" in p.message for p in problems)


# --- branching scenarios ---------------------------------------------------------------

def test_unknown_next_points_at_its_line(data_copy):
    """A `next` naming nothing: the line is the `next:` line, the item "step/choice"."""
    path = data_copy / "scenarios.yaml"
    _edit(path, "next: np-golive\n", "next: np-go-live\n")
    bad = [p for p in check_content(data_copy) if "np-go-live" in p.message]
    assert len(bad) == 1 and bad[0].field == "next" and bad[0].item == "np-plan/both"
    line = path.read_text(encoding="utf-8").splitlines()[bad[0].line - 1]
    assert line.strip() == "next: np-go-live"


def test_branching_problems_in_two_scenarios_come_out_together(data_copy):
    """An unreachable step in one scenario, a typo in another's field: both reported."""
    path = data_copy / "scenarios.yaml"
    _edit(path, "next: np-pushback\n", "next: np-plan\n")
    _edit(path, "    title: The morning ward round\n", "    titel: The morning ward round\n")
    problems = check_content(data_copy)
    assert any(p.item == "np-pushback" and "no path from the first step" in p.message
               for p in problems)
    assert any(p.item == "ward-round" and p.field == "titel" for p in problems)


def test_a_loop_with_a_way_out_is_fine(course):
    """A "think again" choice may lead back to its own step when another way leads on."""
    loops = [c for sc in course.scenarios for st in sc.steps for c in st.choices
             if c.next == st.id]
    assert loops and check_content() == []


def test_the_old_linear_scenario_shape_is_explained(data_copy):
    """A step written the old way (best / feedback per call / explanation) is named
    field by field, so an author sees what to change."""
    path = data_copy / "scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: wr-bedside\n")
    end = text.index("      - id: wr-deteriorates\n")
    old = ("      - id: wr-bedside\n        title: Deciding each patient's plan\n"
           "        situation: You decide each plan.\n        best: lead\n"
           "        feedback: {lead: Yes., manage: No., both: Close.}\n"
           "        explanation: Deciding is leading.\n"
           "        source: 000_ae9b90a7715787bc.txt\n")
    path.write_text(text[:start] + old + text[end:], encoding="utf-8")
    problems = [p for p in check_content(data_copy) if p.item == "wr-bedside"]
    fields = {p.field for p in problems}
    assert {"best", "feedback", "explanation", "choices"} <= fields
    assert all(p.file == "scenarios.yaml" and p.line for p in problems)


@pytest.mark.parametrize("change, expected", [
    (("from: {statement: st-rota}", "from: {statement: st-nowhere}"),
     "unknown statement 'st-nowhere'"),
    (("from: {statement: st-rota}", "from: {statement: st-rota, case: case-deadline}"),
     "'from' names exactly one course item"),
    (("kind: scenario\n        from: {scenario: ward-round}",
      "kind: choice\n        from: {scenario: ward-round}"),
     "drawn from a scenario is a 'scenario'"),
    (('options: ["Yes", "No", "Not sure"]', 'options: ["Yes"]'),
     "a choice needs 2 to 5 different options"),
    (("part: 06_action_plan", "part: 07_nowhere"), "unknown part '07_nowhere'"),
    (("        source: course\n      - id: live-best-boss", "      - id: live-best-boss"),
     "needs a 'source'"),
])
def test_the_run_of_show_is_checked(data_copy, change, expected):
    """Every kind of mistake in live.yaml is named with its file, line and activity."""
    from lvm_course.content import check_content

    path = data_copy / "live.yaml"
    text = path.read_text(encoding="utf-8")
    old, new = change
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [str(p) for p in check_content(data_copy)]
    assert any(expected in p and "live.yaml" in p for p in found), found
