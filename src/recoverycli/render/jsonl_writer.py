"""`recover log assess --json`: one assessment document per row, as JSON Lines.

The fast path of the batch: documents are assembled from JSON pieces cached
per rule, advice item and missing input, so a row costs one small encode of
its inputs and a join; the result is byte-for-byte `jsonout.assessment_doc`
with `line` first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli.model import Assessment, GivenAdvice, Missing, Rule, RuleBook, pick
from recoverycli.render.common import headline, headline_rule, missing_why
from recoverycli.render.jsonout import SCHEMA_VERSION, _rule_ref, assessment_doc, dump, one_line
from recoverycli.render.log_writing import CACHE_SIZE, Flusher

if TYPE_CHECKING:
    from recoverycli.traininglog.rows import LogRow

__all__ = ["JsonLinesWriter"]


def _json_bytes(value: Any) -> bytes:
    """`dump`'s text for a value, as the UTF-8 bytes written out."""
    return one_line(_ENCODE(value)).encode()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # built once; json.dumps builds one per call


class JsonLinesWriter:
    """One assessment document per row (`line` first); `{"line", "error"}` for a bad row.

    A document is glued from UTF-8 JSON fragments cached per rule reference,
    advice item and missing input (what `json.dumps` writes for the same dict),
    so a row costs one small encode of its inputs and a join of bytes. On a
    stream with a binary buffer (stdout, files) the bytes go straight to it,
    so the ~13 kB of a busy row are never encoded again. The first few
    documents are also built the slow, exact way (`assessment_doc`); should
    they ever differ, the writer keeps to the exact way for the rest of the run.
    """

    VERIFY = 16

    def __init__(self, book: RuleBook, lang: str, out: TextIO, flush_every: int = 1) -> None:
        self.book = book
        self.lang = lang
        self.out = out
        self.buffer: Any = getattr(out, "buffer", None)
        self.flush = Flusher(self.buffer if self.buffer is not None else out, flush_every)
        if self.buffer is not None:
            out.flush()  # whatever the text layer holds goes first
        self.bodies: dict[int, tuple[Assessment, bytes]] = {}
        self.rule_refs: dict[str, bytes] = {}
        self.advice: dict[int, bytes] = {}  # id of a GivenAdvice -> its JSON
        self.advice_objects: list[GivenAdvice] = []  # keeps those ids from being reused
        self.missing: dict[Any, bytes] = {}
        self.headlines: dict[tuple[str, str, str], bytes] = {}
        self.words: dict[str, bytes] = {}  # input names and values as JSON strings
        self.fast = True
        self.verify = self.VERIFY
        self.disclaimer = _json_bytes(book.vocab.msg("disclaimer", lang))

    def _exact(self, result: Assessment) -> bytes:
        return dump(assessment_doc(result, self.book, self.lang))[1:].encode()

    def _rule_ref(self, rule: Rule) -> bytes:
        if len(self.rule_refs) >= 4 * CACHE_SIZE:
            self.rule_refs.clear()
        text = self.rule_refs[rule.id] = _json_bytes(_rule_ref(rule, self.lang))
        return text

    def _advice(self, given: GivenAdvice) -> bytes:
        """An advice item's JSON, cached by the object's id; the object is kept
        alive beside it, so the id cannot be reused while the entry stands."""
        item = {"topic": given.advice.topic, "text": pick(given.advice.text, self.lang),
                "rule": given.rule.id, "source": given.rule.source.to_json()}
        if len(self.advice) >= 4 * CACHE_SIZE:
            self.advice.clear()
            self.advice_objects.clear()
        self.advice_objects.append(given)
        text = self.advice[id(given)] = _json_bytes(item)
        return text

    def _missing(self, missing: Missing) -> bytes:
        key = (missing.input, missing.level, tuple(r.id for r in missing.rules))
        text = self.missing.get(key)
        if text is None:
            if len(self.missing) >= 4 * CACHE_SIZE:
                self.missing.clear()
            why = missing_why(missing, self.book, self.lang)
            text = self.missing[key] = _json_bytes({"input": missing.input, "why": why, "could": missing.level})
        return text

    def _headline(self, result: Assessment) -> bytes:
        rule = headline_rule(result)
        key = (result.level, rule.id if rule else "",
               f"{result.inputs.get('after')}|{result.inputs.get('location')}" if rule and rule.headline else "")
        text = self.headlines.get(key)
        if text is None:
            text = self.headlines[key] = _json_bytes(headline(result, self.book, self.lang))
        return text

    def _inputs(self, inputs: dict[str, Any]) -> bytes:
        """`json.dumps(inputs)` as bytes, from cached names and vocabulary values.

        Inputs are checked before they get here (finite numbers, vocabulary
        words), so floats print as `float.__repr__`, exactly as json does.
        """
        words = self.words
        parts = []
        for name, value in inputs.items():
            kind = type(value)
            if value is True:
                text = b"true"
            elif value is False:
                text = b"false"
            elif kind is str:
                text = words.get(value) or self._word(value)
            elif kind is int:
                text = b"%d" % value
            elif kind is float:
                text = float.__repr__(value).encode()
            else:
                text = _json_bytes(value)
            parts.append((words.get(name) or self._word(name)) + b": " + text)
        return b"{" + b", ".join(parts) + b"}"

    def _word(self, word: str) -> bytes:
        if len(self.words) >= 4 * CACHE_SIZE:
            self.words.clear()
        text = self.words[word] = _json_bytes(word)
        return text

    def _glued(self, result: Assessment) -> bytes:
        try:
            rules = b", ".join([self.rule_refs[r.id] for r in result.fired])
        except KeyError:
            rules = b", ".join([self.rule_refs.get(r.id) or self._rule_ref(r) for r in result.fired])
        try:
            advice = b", ".join([self.advice[id(g)] for g in result.advice])
        except KeyError:
            advice = b", ".join([self.advice.get(id(g)) or self._advice(g) for g in result.advice])
        missing = b", ".join([self._missing(m) for m in result.missing])
        inputs = self._inputs(result.inputs)
        return b"".join((
            b'"schema_version": %d, "command": "assess", "level": "%s", "headline": '
            % (SCHEMA_VERSION, result.level.encode()),
            self._headline(result), b', "inputs": ', inputs,
            b', "rules": [', rules, b'], "advice": [', advice, b'], "missing": [', missing,
            b'], "disclaimer": ', self.disclaimer, b"}",
        ))

    def body(self, result: Assessment) -> bytes:
        """The document without its opening brace, for `{"line": N, ` to precede."""
        cached = self.bodies.get(id(result))
        if cached is not None and cached[0] is result:
            return cached[1]
        if not self.fast:
            text = self._exact(result)
        else:
            text = self._glued(result)
            if self.verify:
                self.verify -= 1
                exact = self._exact(result)
                if exact != text:
                    self.fast, text = False, exact
        if len(self.bodies) >= CACHE_SIZE:
            self.bodies.clear()
        self.bodies[id(result)] = (result, text)
        return text

    def _emit(self, data: bytes) -> None:
        if self.buffer is not None:
            self.buffer.write(data)
        else:
            self.out.write(data.decode())

    def write(self, row: LogRow, result: Assessment | None, file: str | None = None) -> None:
        """One line; with several logs read as one, `file` names the row's log first."""
        where = b"" if file is None else b'"file": ' + _json_bytes(file) + b", "
        if result is None:
            record: dict[str, Any] = {} if file is None else {"file": file}
            self._emit(dump({**record, "line": row.line, "error": row.error}).encode() + b"\n")
        else:
            self._emit(b'{%s"line": %d, %s\n' % (where, row.line, self.body(result)))
        self.flush.tick()

    def close(self) -> None:
        self.flush.done()
