"""The wheel: built from the project, installed into a fresh venv, run from elsewhere.

The project is copied to tmp_path first, so the build cannot pick up stale
files from an in-tree build/ folder and leaves nothing behind in the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.slow

IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".*_cache",
    "tests",
    "bench",
)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    source = tmp_path_factory.mktemp("source") / "recover"
    shutil.copytree(REPO_ROOT, source, ignore=IGNORED)
    out = tmp_path_factory.mktemp("wheelhouse")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        out,
        source,
        cwd=source,
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_holds_the_rule_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"recoverycli/rules/{p.name}" for p in (REPO_ROOT / "rules").glob("*.yaml")}
    vocabulary = {
        f"recoverycli/rules/vocabulary/{p.name}"
        for p in (REPO_ROOT / "rules" / "vocabulary").glob("*.yaml")
    }
    assert "recoverycli/rules/pain.yaml" in shipped
    assert "recoverycli/rules/vocabulary/vocabulary.yaml" in vocabulary
    assert shipped <= names
    assert vocabulary <= names
    assert "recoverycli/cli/build.py" in names
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)


def _site_packages_of_this_test_run() -> list[str]:
    """Where the test venv keeps its packages (typer, rich, ...): never the system's."""
    import sysconfig

    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    return sorted(p for p in paths if Path(p).is_dir())


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """The wheel in a venv that sees no system site-packages: its dependencies come from
    this test run's own venv (a .pth line), so a machine whose system Python lacks typer
    passes too, and the rules must come from the installed wheel."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "RECOVER_RULES", "PYTHONHOME", "PYTHONSTARTUP")}
    env["RECOVER_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=elsewhere, env=env)
    # the dependencies: this test run's own packages, searched after the new venv's (a .pth appends)
    own_site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                        cwd=elsewhere, env=env).strip())
    (own_site / "zz-test-run-dependencies.pth").write_text(
        "\n".join(_site_packages_of_this_test_run()) + "\n", encoding="utf-8")
    system = run(python, "-c", "import sys; print(sys.base_prefix)", cwd=elsewhere, env=env).strip()
    seen = run(python, "-c", "import sys; print('\\n'.join(sys.path))", cwd=elsewhere, env=env)
    assert not any(p.startswith(system) and "site-packages" in p for p in seen.splitlines()), seen

    where = run(
        python, "-c", "import recoverycli, sys; print(recoverycli.__file__)", cwd=elsewhere, env=env
    )
    package = Path(where.strip()).resolve()
    assert env_dir.resolve() in package.parents, package

    recover = bin_dir / ("recover.exe" if os.name == "nt" else "recover")
    assert recover.exists()
    doc = json.loads(run(recover, "rules", "list", "--json", cwd=elsewhere, env=env))
    assert doc["schema_version"] == 1
    assert doc["command"] == "rules"
    ids = {rule["id"] for rule in doc["rules"]}
    assert "warning-pain-sharp" in ids
    assert len(ids) > 5

    # the rules it read are the ones packed in the wheel, not the checkout's
    shown = json.loads(
        run(recover, "rules", "show", "warning-pain-sharp", "--json", cwd=elsewhere, env=env)
    )
    assert package.parent in Path(shown["file"]).resolve().parents
    assessed = json.loads(
        run(
            recover,
            "assess",
            "--pain",
            "sharp",
            "--location",
            "ankle",
            "--json",
            cwd=elsewhere,
            env=env,
        )
    )
    assert assessed["level"] == "stop"
