"""A Strava export folder's activity files are read once: their summaries are kept in the
user cache (JSON, keyed by path, size and mtime), a changed file is read again, a broken
cache is passed over, RECOVER_NO_CACHE leaves the disk alone, and a long first read shows
a progress bar on a terminal only, never in the output."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from fitfile import fit_activity
from helpers import invoke

from recoverycli import load_rules
from recoverycli.cli import logfiles
from recoverycli.traininglog import activity_cache
from recoverycli.traininglog.activity_cache import ActivitySummaries, cache_file
from recoverycli.traininglog.reader import read_log

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
VOCAB = load_rules().vocab
FIRST = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.timezone.utc)


def make_export(folder: Path, count: int) -> Path:
    """A Strava export of `count` runs whose time and distance only their FIT files hold
    (every third one gzipped, as Strava keeps them): run i is 30 + i min and 5 + i/10 km."""
    names = next(csv.reader([(EXPORTS / "strava.csv").read_text(encoding="utf-8").splitlines()[0]]))
    (folder / "activities").mkdir(parents=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for i in range(count):
        start = FIRST + dt.timedelta(days=i)
        data = fit_activity(start, "running", (30 + i) * 60, 5000 + i * 100)
        name = f"activities/{100 + i}.fit" + (".gz" if i % 3 == 2 else "")
        (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        cells = [""] * len(names)
        cells[names.index("Activity ID")] = str(100 + i)
        cells[names.index("Activity Date")] = start.strftime("%b %-d, %Y, %-I:%M:%S %p")
        cells[names.index("Activity Type")] = "Run"
        cells[names.index("Filename")] = name
        writer.writerow(cells)
    (folder / "activities.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return folder


def read(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """(each row's fields, how many activity files were read rather than taken from the cache)."""
    with read_log(folder, VOCAB) as reader:
        rows = [row.fields for row in reader]
        assert all(row for row in rows)
        assert reader.activities is not None
        return rows, reader.activities.reads


def refuse_to_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(path: str) -> dict[str, str]:
        raise AssertionError(f"{path} was read, not taken from the cache")

    monkeypatch.setattr(activity_cache, "read_activity", no_reading)


def test_the_second_read_takes_every_summary_from_the_cache(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_export(tmp_path / "export", 5)
    first, reads = read(folder)
    assert reads == 5
    assert [row["distance_km"] for row in first] == pytest.approx([5.0, 5.1, 5.2, 5.3, 5.4])
    assert [row["duration_min"] for row in first] == pytest.approx([30, 31, 32, 33, 34])
    stored = json.loads(cache_file(os.path.realpath(folder)).read_text(encoding="utf-8"))
    assert len(stored["files"]) == 5 and stored["format"] == activity_cache.FORMAT
    assert all(Path(path).is_relative_to(folder.resolve()) for path in stored["files"])
    refuse_to_read(monkeypatch)
    second, reads = read(folder)
    assert reads == 0 and second == first


def test_the_command_gives_the_same_report_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_export(tmp_path / "export", 4)
    cold = invoke(["log", "load", str(folder), "--json"])
    assert cold.exit_code == 0, cold.output
    assert json.loads(cold.stdout)["weeks"][0]["distance_km"] == pytest.approx(5.0 + 5.1 + 5.2 + 5.3)
    refuse_to_read(monkeypatch)
    cached = invoke(["log", "load", str(folder), "--json"])
    assert cached.exit_code == 0, cached.output
    assert cached.stdout == cold.stdout


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    folder = make_export(tmp_path / "export", 3)
    first, _reads = read(folder)
    changed = folder / "activities" / "101.fit"
    before = changed.stat()
    changed.write_bytes(fit_activity(FIRST + dt.timedelta(days=1), "running", 45 * 60, 9000))
    assert changed.stat().st_size == before.st_size, "same size: only the time tells the change"
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    second, reads = read(folder)
    assert reads == 1
    assert second[1]["distance_km"] == pytest.approx(9.0) and second[1]["duration_min"] == pytest.approx(45)
    assert second[0] == first[0] and second[2] == first[2]


@pytest.mark.parametrize("content", [
    "\x00\xff not json at all",
    "[1, 2, 3]",
    '{"format": 1, "version": "0.0.0-other", "folder": "%(folder)s", "files": {}}',
    '{"format": 999, "version": "%(version)s", "folder": "%(folder)s", "files": {}}',
    '{"format": 1, "version": "%(version)s", "folder": "/elsewhere", "files": {}}',
    '{"format": 1, "version": "%(version)s", "folder": "%(folder)s", "files": {"%(file)s": '
    '{"size": %(size)d, "mtime_ns": %(mtime)d, "summary": {"date": 7, "distance_km": ["x"]}}}}',
    '{"format": 1, "version": "%(version)s", "folder": "%(folder)s", "files": {"%(file)s": '
    '{"size": "%(size)d", "mtime_ns": %(mtime)d, "summary": {"date": "2026-01-05"}}}}',
    "[" * 100_000,
], ids=["garbage", "a-list", "another-version", "another-format", "another-folder", "bad-summary", "bad-size",
        "deep"])
def test_a_broken_cache_file_is_passed_over_and_replaced(tmp_path: Path, content: str) -> None:
    folder = make_export(tmp_path / "export", 3)
    expected, _reads = read(folder)
    real = os.path.realpath(folder)
    path = os.path.join(real, "activities", "100.fit")
    status = os.stat(path)
    fill = {"folder": real, "version": activity_cache.__version__, "file": path,
            "size": status.st_size, "mtime": status.st_mtime_ns}
    target = cache_file(real)
    target.write_bytes((content % fill if "%(" in content else content).encode("latin-1"))
    rows, reads = read(folder)
    assert rows == expected and reads == 3
    assert len(json.loads(target.read_text(encoding="utf-8"))["files"]) == 3, "written again, whole"


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_export(tmp_path / "export", 2)
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("RECOVER_CACHE_DIR", str(blocker))
    assert read(folder)[1] == 2
    assert read(folder)[1] == 2, "nothing kept, everything read again"
    result = invoke(["log", "load", str(folder), "--json"])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_no_cache_reads_every_file_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RECOVER_NO_CACHE", "1")
    folder = make_export(tmp_path / "export", 3)
    first, reads = read(folder)
    assert reads == 3
    second, reads = read(folder)
    assert reads == 3 and second == first
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("RECOVER_NO_CACHE")
    assert read(folder)[1] == 3 and read(folder)[1] == 0, "the cache works again without it"


def test_a_cache_file_can_name_no_file_outside_the_folder(tmp_path: Path) -> None:
    folder = make_export(tmp_path / "export", 1)
    outside = tmp_path / "outside.fit"
    outside.write_bytes(fit_activity(FIRST, "running", 3600, 42000))
    (folder / "activities" / "link.fit").symlink_to(outside)
    store = ActivitySummaries(str(folder))
    assert store.path_of("activities/link.fit") is None, "a link that leads out is not followed"
    assert store.path_of("../outside.fit") is None and store.path_of(str(outside)) is None
    assert store.path_of("activities/\0.fit") is None
    assert store.path_of("activities/100.fit") == os.path.join(os.path.realpath(folder), "activities", "100.fit")


def test_files_to_read_counts_only_what_the_cache_lacks(tmp_path: Path) -> None:
    from recoverycli.traininglog.read_ahead import files_to_read, read_files

    folder = make_export(tmp_path / "export", 6)
    read(folder)
    (folder / "activities" / "104.fit").write_bytes(fit_activity(FIRST, "running", 60, 100))
    with read_log(folder, VOCAB) as reader:
        pending = files_to_read(reader)
        assert [Path(p).name for p in pending] == ["104.fit"]
        assert reader.activities is not None and reader.activities.reads == 0, "counting reads no file"
        assert len(list(read_files(reader))) == 1 and reader.activities.reads == 1
        rows = list(reader)
        assert reader.activities.reads == 1, "the rows find every summary ready"
    assert rows[4].fields["duration_min"] == pytest.approx(1.0)
    with read_log(EXPORTS / "strava.csv", VOCAB) as plain:
        assert files_to_read(plain) == [], "a log that is no folder has no activity files"


# --- the progress bar ----------------------------------------------------------------


def test_no_progress_bar_reaches_stdout_or_a_stderr_that_is_no_terminal(tmp_path: Path) -> None:
    folder = make_export(tmp_path / "export", 60)
    for args in (["log", "load", str(folder)], ["log", "load", str(folder), "--json"],
                 ["log", "assess", str(folder)], ["log", "load", str(folder), "--lang", "nl"]):
        result = invoke(args)
        assert result.exit_code in (0, 1), result.output
        for text in (result.stdout, result.stderr):
            assert "activity files" not in text and "activiteitsbestanden" not in text
            assert "\r" not in text and "\x1b[2K" not in text and "\x1b[?25l" not in text  # no redrawn line


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """A terminal behind stdout and stderr: what the progress bar draws lands in the buffer."""
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(logfiles, "_terminal", lambda: True)
    monkeypatch.setattr(logfiles, "_progress_console",
                        lambda: Console(file=screen, force_terminal=True, width=100, color_system=None))
    return screen


def test_a_long_first_read_shows_a_dutch_progress_bar_on_a_terminal(tmp_path: Path, terminal: io.StringIO) -> None:
    folder = make_export(tmp_path / "export", 60)
    result = invoke(["log", "load", str(folder), "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "60 activiteitsbestanden lezen" in terminal.getvalue() and "60/60" in terminal.getvalue()
    assert "activiteitsbestanden" not in result.stdout + result.stderr
    terminal.truncate(0)
    again = invoke(["log", "load", str(folder), "--lang", "nl"])
    assert again.stdout == result.stdout
    assert terminal.getvalue() == "", "everything cached: nothing to show"


@pytest.mark.parametrize(("count", "args"), [
    (49, ["log", "load"]),  # few files: no bar
    (60, ["log", "load", "--json"]),  # JSON: never a bar
    (60, ["log", "assess", "--json"]),
    (60, ["log", "readiness", "--json"]),
])
def test_no_bar_for_few_files_or_json(tmp_path: Path, terminal: io.StringIO, count: int, args: list[str]) -> None:
    folder = make_export(tmp_path / "export", count)
    result = invoke([*args, str(folder)])
    assert result.exit_code in (0, 1), result.output
    assert terminal.getvalue() == ""


def test_log_assess_shows_the_bar_and_reads_each_file_once(tmp_path: Path, terminal: io.StringIO,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_export(tmp_path / "export", 55)
    calls: list[str] = []
    real = activity_cache.read_activity
    monkeypatch.setattr(activity_cache, "read_activity", lambda path: calls.append(path) or real(path))
    result = invoke(["log", "assess", str(folder)])
    assert result.exit_code in (0, 1), result.output
    assert "Reading 55 activity files" in terminal.getvalue()
    assert len(calls) == 55 == len(set(calls))


def test_recover_assess_imports_none_of_it() -> None:
    import subprocess

    code = ("import sys\nfrom recoverycli.cli import main\n"
            "sys.argv = ['recover', 'assess', '--pain', 'ache', '--location', 'calf', '--json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.endswith(('activity_cache', 'read_ahead', 'activity_files'))"
            " or m.startswith('rich.progress')), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
