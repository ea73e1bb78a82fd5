"""Read a YAML file safely and remember where each value stands (for error lines).

Only ``yaml.SafeLoader`` is used: a content file can never construct Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

__all__ = ["YamlFile", "read_yaml"]


@dataclass(frozen=True)
class YamlFile:
    """The parsed data of one file and its node tree (for line numbers)."""

    name: str
    data: Any
    node: yaml.Node | None

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """The 1-based line of the deepest node on ``loc`` (keys and list indexes)."""
        node, line = self.node, None
        for part in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                node = None
        if node is not None:
            line = node.start_mark.line + 1
        return line

    def item_id(self, loc: tuple[Any, ...]) -> str | None:
        """The ``id`` of the innermost item on ``loc`` that has one."""
        found, value = None, self.data
        for part in loc:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                found = value["id"]
        return found


def _duplicate_keys(name: str, node: yaml.Node | None) -> list[Problem]:
    """PyYAML silently keeps the last of two equal keys; authors want to know."""
    problems: list[Problem] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    problems.append(Problem(name, f"the key '{key.value}' appears twice",
                                            line=key.start_mark.line + 1))
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return problems


def read_yaml(path: Path) -> tuple[YamlFile | None, list[Problem]]:
    """Parse ``path``; on failure return ``None`` and problems naming file and line."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, "the file is missing")]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, f"not UTF-8 text (byte {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, f"cannot be read ({exc.strerror or exc})")]
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return None, [Problem(name, "a tab character: indent with spaces only", line=line)]
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # rejects control characters itself (ReaderError)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(name, f"YAML syntax error: {reason}", line=line)]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [Problem(name, f"a character YAML does not allow ({exc.reason}, "
                                    f"code {exc.character!r})", line=line)]
    except yaml.YAMLError as exc:
        return None, [Problem(name, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(name, "nested too deeply")]
    finally:
        if loader is not None:
            loader.dispose()
    return YamlFile(name, data, node), _duplicate_keys(name, node)
