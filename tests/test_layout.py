"""The layout holds: no import cycle, no module over 400 lines, no import up a layer,
and docs/architecture.md names what is there."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recoverycli"


def _import_graph():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "bench" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = module
    spec.loader.exec_module(module)
    return module


def test_no_cycle_no_big_module_no_import_up_a_layer(capsys: pytest.CaptureFixture[str]) -> None:
    code = _import_graph().main(["--package", str(PACKAGE)])
    report = capsys.readouterr().out
    assert "Cycles: none" in report and "over 400 lines: none" in report and "up a layer: none" in report, report
    assert code == 0


def test_the_checker_finds_what_it_looks_for() -> None:
    graph = _import_graph()
    assert graph.tangles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert graph.upward({"recoverycli.model.rules": {"recoverycli.engine.triage"}}) == [
        ("recoverycli.model.rules", "recoverycli.engine.triage")]
    assert graph.upward({"recoverycli.cli.run": {"recoverycli.api"}}) == []


def test_architecture_names_every_package_and_module_it_mentions() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for path in re.findall(r"`(src/recoverycli/[\w/.]+)`", text):
        assert (ROOT / path).exists(), path
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in ("rules",)]
    top = [p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_") and p.stem not in ("version",)]
    for name in [*packages, *top]:
        assert f"{name}" in text, f"docs/architecture.md does not say where {name} is"
    for package in packages:
        for module in (PACKAGE / package).glob("*.py"):
            if module.stem != "__init__":
                assert f"`{module.stem}`" in text or f"{module.stem}" in text, \
                    f"docs/architecture.md does not name {package}/{module.name}"


def test_every_package_ships_in_the_wheel() -> None:
    """pyproject.toml lists the packages by hand (the rules folder is mapped into the
    wheel): a new subpackage missing from the list would be left out of the install."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(PACKAGE.parent).parts) for path in PACKAGE.rglob("__init__.py")}
    assert found - listed == set()
