"""Files and pipes the way users of `cp`, editors and shells expect (issue: clean machine).

`--ics FILE` keeps what FILE is (a FIFO, a device, a symlink stay what they
are), gives a new file the umask's mode and an existing one its own, refuses a
read-only file; `--ics -` writes to stdout. A reader that closes the pipe early
is no error, and text sent to a pipe has no trailing spaces.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import invoke

PLAN = ["plan", "--after", "race", "--start", "2026-04-12"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_calendar_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.ics"
    old = os.umask(0o022)
    try:
        result = invoke([*PLAN, "--ics", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o644
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_new_calendar_follows_a_tighter_umask(tmp_path: Path) -> None:
    target = tmp_path / "private.ics"
    old = os.umask(0o077)
    try:
        assert invoke([*PLAN, "--ics", str(target)]).exit_code == 0
    finally:
        os.umask(old)
    assert _mode(target) == 0o600


def test_existing_calendar_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.ics"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    assert invoke([*PLAN, "--ics", str(target)]).exit_code == 0
    assert _mode(target) == 0o640
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_read_only_calendar_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "locked.ics"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    result = invoke([*PLAN, "--ics", str(target)])
    assert result.exit_code == 3
    assert "locked.ics" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "keep me"
    assert _mode(target) == 0o444


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.ics"
    link.symlink_to(real.name)
    assert invoke([*PLAN, "--ics", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert _mode(real) == 0o600


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.ics"
    link.symlink_to("made.ics")
    assert invoke([*PLAN, "--ics", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (tmp_path / "made.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke([*PLAN, "--ics", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")


def test_a_device_is_written_through(tmp_path: Path) -> None:
    if not Path(os.devnull).exists():
        pytest.skip("no null device")
    before = os.stat(os.devnull)
    assert invoke([*PLAN, "--ics", os.devnull]).exit_code == 0
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)


def test_ics_dash_writes_the_calendar_to_stdout_alone() -> None:
    result = invoke([*PLAN, "--ics", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert result.stdout.rstrip().endswith("END:VCALENDAR")
    assert "VEVENT" in result.stdout
    assert "BEGIN:VCALENDAR" not in result.stderr


def _pipeline(args: list[str], reader: str) -> subprocess.CompletedProcess[str]:
    command = " ".join([sys.executable, "-m", "recoverycli", *args]) + f" | {reader}; exit ${{PIPESTATUS[0]}}"
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("args", [
    ["plan", "--after", "marathon"],
    ["plan", "--after", "marathon", "--json"],
    ["assess", "--pain", "sharp", "--location", "ankle"],
    ["rules", "list"],
    ["rules", "show", "warning-pain-sharp"],
    ["--help"],
    ["assess", "--help"],
    ["--lang", "nl", "log", "load", "--help"],
])
def test_a_reader_that_stops_early_is_no_error(args: list[str]) -> None:
    done = _pipeline(args, "head -c 1 >/dev/null")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("args", [
    ["plan", "--after", "marathon"],
    ["assess", "--pain", "ache", "--location", "quad", "--hours-since", "36"],
    ["rules", "list"],
    ["plan", "--after", "marathon", "--lang", "nl"],
])
def test_text_sent_to_a_pipe_has_no_trailing_spaces(args: list[str]) -> None:
    done = _pipeline(args, "cat")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 5
    assert [line for line in lines if line != line.rstrip()] == []
