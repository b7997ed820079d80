"""The rules cache: one entry per rule file, reused across files and processes, never trusted blindly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, make_rule, write_rules

from recoverycli.rulefiles import cache, parse
from recoverycli.rulefiles.discovery import book_files


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """The names of the files read from YAML (the vocabulary as 'vocabulary'), in a fresh cache."""
    monkeypatch.setenv("RECOVER_CACHE_DIR", str(tmp_path / "cache"))
    names: list[str] = []
    read_rule_file, load_vocabulary = parse.read_rule_file, parse.load_vocabulary

    def counting_rule_file(path: Path, vocab: Any) -> Any:
        names.append(path.name)
        return read_rule_file(path, vocab)

    def counting_vocabulary(folder: Path) -> Any:
        names.append("vocabulary")
        return load_vocabulary(folder)

    monkeypatch.setattr(parse, "read_rule_file", counting_rule_file)
    monkeypatch.setattr(parse, "load_vocabulary", counting_vocabulary)
    cache.clear()
    yield names
    cache.clear()


def rule(rule_id: str) -> dict[str, Any]:
    return make_rule(rule_id, {"hrv": "high"}, "rest")


def load(*extra: Path) -> Any:
    book, problems = cache.load_rulebook_cached(list(extra))
    assert problems == []
    return book


def shipped_count() -> int:
    return len(book_files([])[0])


def test_a_cold_load_reads_every_file_once_and_a_new_process_reads_none(parsed: list[str]) -> None:
    load()
    assert len(parsed) == shipped_count() + 1
    parsed.clear()
    cache.clear()  # as a new process
    load()
    assert parsed == []


def test_a_user_file_is_read_alone_next_to_the_cached_shipped_files(parsed: list[str], tmp_path: Path) -> None:
    load()
    first = write_rules(tmp_path / "one", rule("usr-one"), name="one.yaml")
    second = write_rules(tmp_path / "two", rule("usr-two"), name="two.yaml")
    parsed.clear()
    assert load(first).rule("usr-one") is not None  # the same process: the shipped entries are in memory
    assert parsed == ["one.yaml"]
    parsed.clear()
    cache.clear()  # a new process: the shipped entries come from disk
    book = load(second)
    assert parsed == ["two.yaml"]
    assert book.rule("usr-two") is not None and book.rule("usr-one") is None
    parsed.clear()
    cache.clear()
    load(first)
    load(second)
    assert parsed == []  # both user files stay cached


def test_a_changed_file_is_read_again(parsed: list[str], tmp_path: Path) -> None:
    path = write_rules(tmp_path / "mine", rule("usr-before"))
    assert load(path).rule("usr-before") is not None
    write_rules(tmp_path / "mine", rule("usr-after-the-edit"))
    parsed.clear()
    book = load(path)  # the same process notices too: the key is the file's size and mtime
    assert parsed == ["rules.yaml"]
    assert book.rule("usr-after-the-edit") is not None and book.rule("usr-before") is None
    slots = json.loads(cache.bundle_path().read_text(encoding="utf-8"))["entries"]
    assert list(slots).count(os.path.abspath(path)) == 1  # the old entry was replaced


def test_a_vocabulary_change_reads_every_rule_file_again(parsed: list[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    load()
    parsed.clear()
    cache.clear()
    monkeypatch.setattr(cache, "vocabulary_key", lambda folder: "another vocabulary")
    load()
    assert len(parsed) == shipped_count() + 1


def test_a_new_version_never_reuses_an_old_entry(parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    load()
    parsed.clear()
    cache.clear()
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    load()
    assert len(parsed) == shipped_count() + 1
    assert cache.bundle_path().name == "rules-99.0.0.json"


def every_entry(data: Any) -> Any:
    """A damage that gives every entry of the bundle this `data`."""
    def damage(text: str) -> str:
        bundle = json.loads(text)
        for entry in bundle["entries"].values():
            entry["data"] = data
        return json.dumps(bundle)
    return damage


@pytest.mark.parametrize("damage", [
    lambda text: "{not json",
    lambda text: "",
    lambda text: json.dumps([1, 2, 3]),
    lambda text: text[: len(text) // 2],
    every_entry("text"),
    every_entry({"__dc__": "Nonsense"}),
    every_entry({"__dc__": "Rule", "id": 1}),
    every_entry({"__dc__": "Vocabulary", "levels": []}),
    every_entry([]),
], ids=["not-json", "empty", "a-list", "cut-short", "entry-text", "unknown-class", "bad-fields",
        "missing-fields", "wrong-kind"])
def test_a_corrupt_cache_falls_back_to_the_yaml(parsed: list[str], damage: Any) -> None:
    expected = load()
    ids = [r.id for r in expected.all_rules()]
    path = cache.bundle_path()
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    cache.clear()
    parsed.clear()
    book = load()
    assert [r.id for r in book.all_rules()] == ids
    assert parsed  # read from YAML again ...
    parsed.clear()
    cache.clear()
    load()
    assert parsed == []  # ... and the cache is whole again


def test_an_unwritable_cache_folder_is_no_problem(parsed: list[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("RECOVER_CACHE_DIR", str(blocker / "cache"))
    assert load().rule("warning-pain-sharp") is not None


def test_no_cache_leaves_the_disk_alone(parsed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVER_NO_CACHE", "1")
    load()
    assert not cache.bundle_path().exists()


def test_duplicate_ids_across_cached_files_are_still_found(parsed: list[str], tmp_path: Path) -> None:
    first = write_rules(tmp_path / "a", rule("usr-twice"))
    second = write_rules(tmp_path / "b", rule("usr-twice"))
    load(first)
    load(second)
    cache.clear()
    parsed.clear()
    book, problems = cache.load_rulebook_cached([first, second])
    assert parsed == []
    assert [p.message for p in problems] == [f"duplicate id: already defined at {first}:2"]
    assert [r.id for r in book.rules].count("usr-twice") == 2


def test_a_file_with_problems_is_not_cached(parsed: list[str], tmp_path: Path) -> None:
    bad = write_rules(tmp_path / "bad", {**rule("usr-bad"), "level": "nonsense"})
    for _ in range(2):
        cache.clear()
        _book, problems = cache.load_rulebook_cached([bad])
        assert [p.rule for p in problems] == ["usr-bad"]
    assert parsed.count("rules.yaml") == 2


def test_the_cached_book_is_the_yaml_book(parsed: list[str], tmp_path: Path) -> None:
    mine = write_rules(tmp_path / "mine", rule("usr-same"))
    load(mine)
    cache.clear()
    cached, problems = cache.load_rulebook_cached([mine])
    from_yaml, yaml_problems = parse.load_rulebook([mine])
    assert problems == yaml_problems == []
    assert cached.files == from_yaml.files
    assert cached.rules == from_yaml.rules
    assert cached.plan_items == from_yaml.plan_items
    assert cached.load_rules == from_yaml.load_rules
    assert cached.vocab.inputs == from_yaml.vocab.inputs
    assert all(r.check({"hrv": "high"}) is True for r in cached.rules if r.id == "usr-same")


def test_the_bundle_stays_small(parsed: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", shipped_count() + 3)
    paths = [write_rules(tmp_path / f"f{n}", rule(f"usr-f{n}")) for n in range(6)]
    for path in paths:
        load(path)
    slots = json.loads(cache.bundle_path().read_text(encoding="utf-8"))["entries"]
    assert len(slots) == shipped_count() + 3
    assert os.path.abspath(paths[-1]) in slots and os.path.abspath(paths[0]) not in slots


def test_importing_the_cache_reads_no_file_and_no_environment() -> None:
    program = """
import os, sys
import recoverycli, recoverycli.model, recoverycli.problems, recoverycli.rulefiles.assemble
import recoverycli.rulefiles.discovery
read = []
class Spy(type(os.environ)):
    def __getitem__(self, key):
        read.append(key)
        return super().__getitem__(key)
os.environ = Spy(os.environ._data, os.environ.encodekey, os.environ.decodekey,
                 os.environ.encodevalue, os.environ.decodevalue)
opened = []
sys.addaudithook(lambda event, args: opened.append(args[0]) if event == "open" else None)
import recoverycli.rulefiles.cache
print([p for p in opened if not str(p).endswith((".py", ".pyc")) and not os.path.isdir(p)], read)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"


def _slots() -> dict[str, Any]:
    return json.loads(cache.bundle_path().read_text(encoding="utf-8"))["entries"]


def test_entries_of_files_that_are_gone_leave_the_bundle(parsed: list[str], tmp_path: Path) -> None:
    gone = write_rules(tmp_path / "gone", rule("usr-gone"), name="gone.yaml")
    load(gone)
    assert os.path.abspath(gone) in _slots()
    gone.unlink()
    cache.clear()
    load(write_rules(tmp_path / "new", rule("usr-new"), name="new.yaml"))  # a load that writes the bundle
    slots = _slots()
    assert os.path.abspath(gone) not in slots
    assert os.path.abspath(tmp_path / "new" / "new.yaml") in slots


def test_an_entry_a_load_does_not_need_is_not_decoded(parsed: list[str], tmp_path: Path) -> None:
    """Each entry is its own JSON text: a run decodes only the entries it uses, so a
    broken or big entry of another file costs it nothing and breaks nothing."""
    other = write_rules(tmp_path / "other", rule("usr-other"), name="other.yaml")
    load(other)
    bundle = json.loads(cache.bundle_path().read_text(encoding="utf-8"))
    bundle["entries"][os.path.abspath(other)]["data"] = "{not json"
    cache.bundle_path().write_text(json.dumps(bundle), encoding="utf-8")
    cache.clear()
    parsed.clear()
    assert load().rule("usr-other") is None
    assert parsed == []  # the shipped entries decoded; the broken one was never touched
    cache.clear()
    assert load(other).rule("usr-other") is not None  # asked for, it is read again from YAML
    assert parsed == ["other.yaml"]


def test_writing_the_bundle_removes_caches_nothing_reads_again(parsed: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    old_layout = folder / "rules-0.1.0-016f394a.json"
    other_version = folder / "rules-0.0.9.json"
    unrelated = folder / "notes.json"
    for path in (old_layout, other_version, unrelated):
        path.write_text("{}", encoding="utf-8")
    load()
    assert cache.bundle_path().exists()
    assert not old_layout.exists() and not other_version.exists()
    assert unrelated.exists()


def test_a_cache_nested_past_the_parser_falls_back(parsed: list[str]) -> None:
    """A bundle of deeply nested brackets is a corrupt cache like any other, not a crash."""
    load()
    cache.bundle_path().write_text("[" * 200_000, encoding="utf-8")
    cache.clear()
    parsed.clear()
    assert load().rules
    assert parsed  # read from YAML again
