"""The package's import graph: which module imports which, their sizes, and any cycles.

    python bench/import_graph.py [--package src/recoverycli] [--max-lines 400]

Every `import recoverycli...` and `from recoverycli... import` counts, wherever it
stands (module level, inside a function, under `if TYPE_CHECKING:`): a deferred or
typing-only import still ties the two modules together, it only hides the knot.
An import names the most specific module it reaches (`from recoverycli.traininglog
import loadmaths` is an edge to `recoverycli.traininglog.loadmaths`); the parent
packages Python runs on the way are not counted, or every module would import
every `__init__`.

Prints the graph, the module sizes in lines, then the cycles, the modules over
the size limit and the imports that reach up a layer (`LAYERS`); exits 1 when
there is any, 0 otherwise. Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PACKAGE = HERE.parent / "src" / "recoverycli"
MAX_LINES = 400

LAYERS: tuple[tuple[str, ...], ...] = (
    ("recoverycli.version", "recoverycli.problems", "recoverycli.fileio"),
    ("recoverycli.model", "recoverycli.i18n"),
    ("recoverycli.engine",),
    ("recoverycli.rulefiles",),
    ("recoverycli.traininglog",),
    ("recoverycli.render", "recoverycli.docgen"),
    ("recoverycli.api",),
    ("recoverycli.cli",),
    ("recoverycli", "recoverycli.__main__"),
)
"""The layers from the bottom up (docs/architecture.md draws them): a module may
import its own layer and the ones below, never one above. The engine sits below
the rule files because loading compiles conditions; the package's top level
sits above all, since it offers the API lazily."""


def layer_of(module: str) -> int:
    """The layer of a module: the one whose longest prefix names it."""
    best, length = len(LAYERS), -1
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = index, len(prefix)
    return best


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports that reach up a layer (or into a module no layer names)."""
    return sorted((name, target) for name, targets in graph.items() for target in targets
                  if layer_of(target) > layer_of(name) or layer_of(name) == len(LAYERS))


def module_files(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under the package folder."""
    modules: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module a `from ... import` names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `module` imports, anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    root = module.split(".")[0]
    found: set[str] = set()

    def add(name: str) -> None:
        while name and name not in modules:  # `import a.b.c` of a name inside a.b
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == root:
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, module, path.name == "__init__.py")
            if target.split(".")[0] != root:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                add(submodule if submodule in modules else target)
    return found


def tangles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or round about: the
    strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so a deep graph cannot hit the recursion limit
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def cycle_through(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One shortest cycle from the group's first module back to itself (breadth first)."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    return group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE, help="the package folder")
    parser.add_argument("--max-lines", type=int, default=MAX_LINES, help="the largest module allowed")
    args = parser.parse_args(argv)
    modules = module_files(args.package.resolve())
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules.items()}

    print("Import graph (module -> the package's modules it imports):")
    for name in sorted(graph):
        print(f"  {name} -> {', '.join(sorted(graph[name])) or '-'}")
    print("\nModule sizes (lines):")
    for name in sorted(sizes):
        print(f"  {sizes[name]:5d}  {name}")
    found = tangles(graph)
    oversized = sorted((name for name in sizes if sizes[name] > args.max_lines), key=lambda n: -sizes[n])
    print(f"\nCycles: {len(found) or 'none'}")
    for group in found:
        print("  " + " -> ".join(cycle_through(graph, group)))
        if len(group) > 2:
            print(f"    ({len(group)} modules tied together: {', '.join(group)})")
    print(f"Modules over {args.max_lines} lines: {len(oversized) or 'none'}")
    for name in oversized:
        print(f"  {sizes[name]:5d}  {name}")
    upwards = upward(graph)
    print(f"Imports up a layer: {len(upwards) or 'none'}")
    for name, target in upwards:
        print(f"  {name} -> {target}")
    return 1 if found or oversized or upwards else 0


if __name__ == "__main__":
    sys.exit(main())
