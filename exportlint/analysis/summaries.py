"""Summaries of calls into shared modules, reused by every file linted in this process.

In transformers, each of 500 modeling files calls the same functions of a few shared modules
(masks, rope, attention dispatch) with the same kinds of values: interpreting them again for
each file was about a fifth of the lint. The first time a file's traced code calls into
another module, the call is interpreted as usual while a `Recording` notes everything it did
that outlives it: the diagnostics reported (with the chain of functions below the call), the
memoised results, the values recorded for later conditions and fixes, the modules read. The
next file making the same call (same function, same values down to the fields the memo
ignores, same settings, same depth) replays that instead of interpreting, when the replay is
exactly what interpreting would do:

- the call and what it reaches never ran the linted file's own code (a callback, `self` of
  the file's class), and reported nothing on the linted file (an installed package's hazard
  relocated to the call site);
- the memo of this file agrees with the one the recording saw: the calls it interpreted are
  not memoised here, and those it found memoised are, with the same results;
- the modules it read resolve to the same files from this linted file.

Otherwise the call is interpreted as usual. Only lints that build no fixes use summaries: a
fix is built against the document and checked per file (`exportlint.candidates`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any

from exportlint.analysis.kinds import Value
from exportlint.analysis.surface import ModuleInfo

# A size's symbol names the tensor it was read from (`<ident>[<axis>]`).
_SYMBOL = re.compile(r"\d+")
# Recordings kept per process: bounded so that a long-running process (the editor's server)
# does not grow without end.
_MAX_STORED = 20_000
# Set on the function nodes of the modules whole-project analysis reads (see project.py):
# they live as long as the process, unlike the linted file's.
SHARED = "_exportlint_shared"


class Uncacheable(Exception):
    """A value that the signature cannot describe independently of the linted file."""


def signature(
    value: Value | None, entry: ModuleInfo, idents: dict[int, int], held: list[object] | None = None
) -> object:
    """Every field of a value (those the memo ignores too), with tensor idents numbered by
    first appearance: two calls with equal signatures are interpreted alike. The objects
    named by their ids are put in `held` (kept alive, so that no id is reused)."""
    if value is None:
        return None
    fields = value.__dict__
    out: list[object] = []
    for name, field in fields.items():
        if name == "ident":
            field = _ident(field, idents)
        elif name == "sym":
            field = _SYMBOL.sub(lambda m: str(_ident(int(m.group()), idents)), field)
        elif name == "origin":
            if isinstance(field, ast.AST):
                field = ("ast", _origin_text(value))
        elif name == "home":
            if field is not None:
                if field is entry or not isinstance(field, ModuleInfo):
                    raise Uncacheable
                if held is not None:
                    held.append(field)
                field = id(field)
        elif name == "func":
            if field is not None:
                if not getattr(field, SHARED, False):
                    raise Uncacheable  # a function of the linted file
                if held is not None:
                    held.append(field)
                field = id(field)
        elif name == "roots":
            if field:
                raise Uncacheable  # conversion nodes of this run (see exportlint/cascades.py)
            field = None
        elif name in ("elts", "parts", "dims"):
            if field is not None:
                field = tuple(signature(item, entry, idents, held) for item in field)
        elif name == "elem":
            field = signature(field, entry, idents, held)
        out.append(field)
    return tuple(out)


def _ident(ident: int, idents: dict[int, int]) -> int:
    if not ident:
        return 0
    return idents.setdefault(ident, len(idents) + 1)


def _origin_text(value: Value) -> str:
    return value.origin_text


class _LoggedDict(dict[Any, Any]):
    """A dict that logs what is stored in it (the expression values, while recording)."""

    def __init__(self, data: dict[Any, Any]) -> None:
        super().__init__(data)
        self.log: list[tuple[Any, Any]] = []

    def __setitem__(self, key: Any, value: Any) -> None:
        self.log.append((key, value))
        dict.__setitem__(self, key, value)


class Recording:
    """What one call into another module did, to be done again without interpreting it."""

    def __init__(self, prefix: int, memo_size: int) -> None:
        self.ok = True
        self.prefix = prefix  # how many functions of the chain lie above the call
        self.memo_size = memo_size
        self.result: Value | None = None
        # (sink's module, rule, node, message, stmt, help, fix, alternatives, chain below).
        self.reports: list[tuple[Any, ...]] = []
        self.hits: list[tuple[object, Value]] = []
        self.inserted: list[tuple[object, Value]] = []
        self.cache: list[tuple[int, Value]] = []
        self.range_args: set[int] = set()
        self.in_test: set[int] = set()
        self.idents = 0
        self.call_node: ast.AST | None = None
        self.call_node_changed = False
        self.modules: list[ModuleInfo] = []  # sinks entered, in order
        self.loads: list[str] = []  # module names looked up
        self.found: dict[str, str | None] = {}  # module name -> the file it resolved to
        # The files read until the call returned, on which its results may depend (a class
        # found to be an nn.Module before the call, say): the replaying file depends on them.
        self.dependencies: dict[str, str] = {}
        self.hit_signatures: list[object] = []
        self.keep: list[object] = []  # objects whose ids the keys hold


class Summaries:
    """The summaries one file's interpreter uses and adds to (see the module docstring)."""

    def __init__(self, context: tuple[object, ...]) -> None:
        self.context = context
        self.recording: Recording | None = None

    def key(
        self,
        entry: ModuleInfo,
        fn: object,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        depth: int,
        extra: tuple[object, ...],
        held: list[object],
    ) -> tuple[object, ...] | None:
        idents: dict[int, int] = {}
        try:
            parts = (
                signature(self_value, entry, idents, held),
                tuple(signature(a, entry, idents, held) for a in args),
                tuple((k, signature(v, entry, idents, held)) for k, v in sorted(kwargs.items())),
            )
            key = (self.context, id(fn), owner, depth, extra, parts)
            hash(key)
        except (Uncacheable, TypeError):
            return None
        return key

    def lookup(self, key: tuple[object, ...]) -> Recording | None:
        return _STORE.get(key)

    def store(self, key: tuple[object, ...], recording: Recording, fn: object) -> None:
        if len(_STORE) >= _MAX_STORED:
            _STORE.clear()
        recording.keep.append(fn)
        _STORE[key] = recording

    def report(self, module: object, args: tuple[Any, ...], chain: tuple[str, ...]) -> None:
        """A diagnostic reported while recording (`module`: the sink's ModuleInfo)."""
        recording = self.recording
        if recording is None:
            return
        recording.reports.append((module, *args, chain[recording.prefix :]))

    def abort(self) -> None:
        if self.recording is not None:
            self.recording.ok = False


def memo_agrees(
    recording: Recording,
    memo: dict[object, Value],
    entry: ModuleInfo,
) -> bool:
    """Whether this file's memo makes the recorded calls run as they did when recorded."""
    for key, _ in recording.inserted:
        if key in memo:
            return False
    for (key, _), expected in zip(recording.hits, recording.hit_signatures, strict=True):
        found = memo.get(key)
        if found is None:
            return False
        try:
            if signature(found, entry, {}) != expected:
                return False
        except Uncacheable:
            return False
    return True


def loads_agree(recording: Recording, find: Callable[[str], str | None]) -> bool:
    return all(find(name) == path for name, path in recording.found.items())


_STORE: dict[tuple[object, ...], Recording] = {}


def clear() -> None:
    """Forget every summary (tests; a changed shared module is a new tree, so new keys)."""
    _STORE.clear()
