"""Read YAML safely and remember where every mapping and key came from.

Only YAML's safe loader is used (the C one when PyYAML was built with it).
Files are bounded in size, must be UTF-8 text, and may not use anchors or
aliases, so a hostile file cannot run code, hang the loader or explode in
memory. Every problem is returned as a located `Problem`, never raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from recoverycli.problems import Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100

try:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        lines: dict[Any, int] = getattr(self, "key_lines", {})
        return lines.get(key, self.line)


class LineList(list):  # type: ignore[type-arg]
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, building LineDict / LineList instead of dict / list."""


def _construct_map(loader: Any, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    key_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        if key in key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first on line {key_lines[key]})", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    data.key_lines = key_lines


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)
    data.item_lines = [child.start_mark.line + 1 for child in node.value]


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _check_tree(node: yaml.Node, path: str) -> Problem | None:
    """Refuse aliases (a node reached twice) and over-large documents."""
    seen: set[int] = set()
    stack = [node]
    count = 0
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return Problem(path, current.start_mark.line + 1, None,
                           "anchors and aliases are not allowed in rule files")
        seen.add(id(current))
        count += 1
        if count > MAX_NODES:
            return Problem(path, current.start_mark.line + 1, None,
                           f"the document is too large (over {MAX_NODES} YAML nodes)")
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 0


def _check_events(text: str, path: str) -> Problem | None:
    """Refuse anchors, aliases and deep nesting before anything is built.

    Runs on the event stream, so a hostile file is refused before the
    composer (whose C recursion a very deep document could overflow) sees it.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.AliasEvent,)) or getattr(event, "anchor", None):
            return Problem(path, _line(event.start_mark), None,
                           "anchors and aliases are not allowed in rule files")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(path, _line(event.start_mark), None,
                               f"the document is nested too deeply (over {MAX_DEPTH} levels)")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def parse_text(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return (data, problems)."""
    try:
        problem = _check_events(text, path)
    except yaml.YAMLError:
        problem = None  # the real parse below reports the syntax error with its line
    if problem is not None:
        return None, [problem]
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problem = _check_tree(node, path)
        if problem is not None:
            return None, [problem]
        return loader.construct_document(node), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            return None, [Problem(path, line, None, f"tag not allowed (only plain YAML is accepted): {what}")]
        if isinstance(exc, yaml.constructor.ConstructorError):
            return None, [Problem(path, line, None, what)]
        return None, [Problem(path, line, None, f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 0, None, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(path, 0, None, "the document is nested too deeply")]
    finally:
        loader.dispose()


def plain(value: Any) -> Any:
    """LineDict / LineList → ordinary dicts and lists (for dumping)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Read and parse a YAML file with the safety bounds above."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, 0, None,
                                  f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, None, f"cannot read file: {exc.strerror or exc}")]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, None, "binary data (NUL byte): not a YAML text file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, None, "not UTF-8 text")]
    return parse_text(text, name)
