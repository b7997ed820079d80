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
    assert "recoverycli/cli.py" in names
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    probe = subprocess.run([python, "-c", "import pip"], capture_output=True)
    if probe.returncode != 0:  # no pip to borrow from the system site-packages
        venv.EnvBuilder(system_site_packages=True, with_pip=True, clear=True).create(env_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RECOVER_RULES")}
    env["RECOVER_CACHE_DIR"] = str(tmp_path / "cache")
    run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=elsewhere,
        env=env,
    )

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
