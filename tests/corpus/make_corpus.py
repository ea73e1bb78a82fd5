"""Rebuild the committed corpus of bad profile files (``tests/corpus/profiles``).

Each file is one way a shared or hand-edited profile can be wrong. ``CASES`` below
is also what the tests read: the file, whether ``lvm-course score`` accepts it, and
words its one-line message must contain. Big or special files (50 MB, a symlink
out of the folder, a folder named like a profile) are made by the tests themselves.
Run ``python tests/corpus/make_corpus.py`` after changing a case.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "profiles"
# today's item ids, in the order of data/questionnaire.yaml (a test checks they agree)
ITEMS = [f"q-{d}-{n}" for d, ns in (
    ("direction", (1, 2, 3, 5)), ("alignment", (1, 2, 3, 4)), ("motivation", (1, 2, 3, 4)),
    ("planning", (1, 2, 5, 4)), ("organising", (1, 2, 5, 4)), ("controlling", (1, 2, 3, 5)),
) for n in ns]


def good(**changes: object) -> dict:
    doc = {"kind": "lvm-course-profile", "schema_version": 1,
           "created": "2026-11-20T10:00:00+00:00", "label": None,
           "answers": {}, "scores": None}
    doc.update(changes)
    return doc


# name -> (content as bytes, accepted by `score`, words in the message)
CASES: dict[str, tuple[bytes, bool, str]] = {}


def case(name: str, content: object, ok: bool, words: str) -> None:
    raw = content if isinstance(content, bytes) else json.dumps(content).encode()
    CASES[name] = (raw, ok, words)


def build(items: list[str]) -> None:
    answers = {i: 3 for i in items}
    full = json.dumps(good(answers=answers)).encode()
    case("truncated.json", full[: len(full) // 2], False, "not valid JSON")
    case("empty.json", b"", False, "empty")
    case("whitespace.json", b"  \n\t ", False, "empty")
    case("array.json", [1, 2, 3], False, "expected a JSON object")
    case("not-a-profile.json", {"kind": "lvm-course-quiz", "results": []}, False,
         "not an lvm-course profile")
    case("no-kind.json", {"answers": answers}, False, "not an lvm-course profile")
    case("future-version.json", good(schema_version=2, answers=answers), False,
         "newer version")
    case("version-true.json", good(schema_version=True, answers=answers), False,
         "schema_version")
    case("version-as-text.json", good(schema_version="1", answers=answers), False,
         "schema_version")
    case("answers-as-list.json", good(answers=[3] * len(items)), False, "answers")
    case("missing-answers.json", {k: v for k, v in good().items() if k != "answers"},
         False, "answers")
    case("answer-as-text.json", good(answers={**answers, items[0]: "4"}), False,
         "valid integer")
    case("answer-as-float.json", good(answers={**answers, items[0]: 3.5}), False,
         "valid integer")
    case("answer-true.json", good(answers={**answers, items[0]: True}), False,
         "valid integer")
    case("answer-null.json", good(answers={**answers, items[0]: None}), False,
         "valid integer")
    case("answer-too-high.json", good(answers={**answers, items[0]: 9}), False,
         "outside 1-5")
    case("answer-zero.json", good(answers={**answers, items[0]: 0}), False, "outside 1-5")
    case("answer-negative.json", good(answers={**answers, items[0]: -3}), False,
         "outside 1-5")
    case("answer-nan.json", b'{"kind": "lvm-course-profile", "schema_version": 1, '
         b'"created": "2026-11-20T10:00:00+00:00", "answers": {"' + items[0].encode()
         + b'": NaN}}', False, "valid integer")
    case("answer-huge.json", b'{"kind": "lvm-course-profile", "schema_version": 1, '
         b'"created": "2026-11-20T10:00:00+00:00", "answers": {"' + items[0].encode()
         + b'": ' + b"9" * 5000 + b"}}", False, "not valid JSON")
    case("unknown-item.json", good(answers={**answers, "q-made-up": 3}), False,
         "unknown questionnaire item 'q-made-up'")
    case("extra-field.json", good(answers=answers, secret="x"), False, "extra")
    case("bad-created.json", good(answers=answers, created="last Tuesday"), False,
         "created")
    case("label-too-long.json", good(answers=answers, label="x" * 500), False, "label")
    case("non-utf8.json", b'{"kind": "lvm-course-profile", "label": "\xff\xfe"}', False,
         "not UTF-8")
    case("deep-nesting.json", b"[" * 50_000 + b"]" * 50_000, False, "nested too deeply")
    # accepted: the loader recomputes, cleans or tolerates these
    case("tampered-scores.json",
         good(answers=answers, scores={"leadership": 5.0, "management": 1.0,
                                       "balance": 4.0}), True, '"leadership": 3.0')
    case("script-label.json", good(answers=answers, label="<script>alert(1)</script>"),
         True, '"leadership": 3.0')
    case("with-bom.json", b"\xef\xbb\xbf" + full, True, '"leadership": 3.0')
    case("few-answers.json", good(answers={items[0]: 5}), True, '"leadership": null')


def main() -> None:
    build(ITEMS)
    HERE.mkdir(exist_ok=True)
    for old in HERE.glob("*.json"):
        old.unlink()
    for name, (raw, _, _) in CASES.items():
        (HERE / name).write_bytes(raw)
    print(f"{len(CASES)} files in {HERE}")


build(ITEMS) if __name__ != "__main__" else None

if __name__ == "__main__":
    main()
