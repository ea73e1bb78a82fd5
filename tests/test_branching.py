"""lvm_course.branching: where choices lead, every path to an ending, and the problems
`lvm-course check` reports for a scenario's graph (line, item and field)."""

from __future__ import annotations

import pytest
import yaml

from lvm_course.branching import graph_problems, is_ending, node, reachable, walks
from lvm_course.model import Scenario
from lvm_course.yamlfile import YamlFile


def _choice(id_, next_, verdict="rethink"):
    return {"id": id_, "label": id_.upper(), "consequence": "C.", "verdict": verdict,
            "feedback": "F.", "next": next_, "source": "course"}


def _scenario(steps: dict[str, list[tuple[str, str]]], endings=("end",)) -> dict:
    """steps: step id -> [(choice id, next)]; the first choice of each is 'best'."""
    return {"id": "demo", "title": "Demo", "intro": "I.", "source": "course",
            "takeaway": {"text": "T.", "source": "course"},
            "steps": [{"id": sid, "title": sid, "situation": "S.", "source": "course",
                       "choices": [_choice(c, n, "best" if k == 0 else "rethink")
                                   for k, (c, n) in enumerate(choices)]}
                      for sid, choices in steps.items()],
            "endings": [{"id": e, "title": e, "text": "E.", "source": "course"}
                        for e in endings]}


def _problems(doc: dict) -> list:
    text = yaml.safe_dump({"scenarios": [doc]}, sort_keys=False)
    yf = YamlFile("scenarios.yaml", yaml.safe_load(text), yaml.compose(text))
    return graph_problems(yf)


def test_reachable_and_walks_follow_the_choices():
    sc = Scenario.model_validate(_scenario({
        "a": [("x", "b"), ("y", "a")], "b": [("x", "end"), ("y", "end2")]},
        endings=("end", "end2")))
    assert reachable(sc) == {"a", "b", "end", "end2"}
    assert reachable(sc, "b") == {"b", "end", "end2"}
    assert is_ending(sc, "end") and not is_ending(sc, "a") and node(sc, "zz") is None
    paths = walks(sc)
    assert [("a", "x"), ("b", "x")] in paths and [("a", "y"), ("a", "x"), ("b", "y")] in paths
    assert all(p[0][0] == "a" for p in paths) and len(paths) == 4


def test_walks_refuses_a_tangle():
    steps = {f"s{n}": [("x", f"s{n + 1}"), ("y", f"s{n + 1}")] for n in range(12)}
    steps["s12"] = [("x", "end"), ("y", "end")]
    with pytest.raises(ValueError, match="more than 100 paths"):
        walks(Scenario.model_validate(_scenario(steps)), limit=100)


def test_a_sound_graph_has_no_problems():
    assert _problems(_scenario({"a": [("x", "b"), ("y", "a")], "b": [("x", "end"),
                                                                      ("y", "a")]})) == []


@pytest.mark.parametrize(("steps", "endings", "words"), [
    ({"a": [("x", "end"), ("y", "nowhere")]}, ("end",),
     ["demo", "a/y", "next", "'nowhere', which is not a step or an ending"]),
    ({"a": [("x", "end"), ("y", "end")], "b": [("x", "end"), ("y", "end")]}, ("end",),
     ["b", "no path from the first step 'a' reaches this step"]),
    ({"a": [("x", "end"), ("y", "end")]}, ("end", "spare"),
     ["spare", "reaches this ending"]),
    ({"a": [("x", "a"), ("y", "b")], "b": [("x", "a"), ("y", "b")]}, ("end",),
     ["demo", "steps", "no ending can be reached from the first step 'a'"]),
    ({"a": [("x", "end"), ("y", "b")], "b": [("x", "c"), ("y", "b")],
      "c": [("x", "b"), ("y", "c")]}, ("end",),
     ["a/y", "leads into a loop that never reaches an ending (b → c → b)"]),
])
def test_each_graph_problem_is_named(steps, endings, words):
    problems = _problems(_scenario(steps, endings))
    assert problems, words
    text = "\n".join(str(p) for p in problems)
    for word in words:
        assert word in text, (word, text)
    assert all(p.line for p in problems)


def test_a_step_without_a_best_choice():
    doc = _scenario({"a": [("x", "end"), ("y", "end")]})
    doc["steps"][0]["choices"][0]["verdict"] = "accepted"
    (p,) = _problems(doc)
    assert p.item == "a" and p.field == "choices" and "verdict 'best'" in p.message


def test_an_invalid_scenario_is_skipped_not_crashed_on():
    doc = _scenario({"a": [("x", "nowhere"), ("y", "end")]})
    del doc["steps"][0]["source"]  # pydantic reports this; the graph check skips it
    assert _problems(doc) == []
