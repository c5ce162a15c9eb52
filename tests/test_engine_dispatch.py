"""The engine sends each call event only to the rules that declare it (`Rule.calls`,
`exportlint/checks/interests.py`); a rule that declares nothing gets every call."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import ClassVar

import pytest

from exportlint import lint_source
from exportlint.analysis import events
from exportlint.checks import ALL_RULES
from exportlint.checks.base import Rule
from exportlint.checks.interests import EVERY_CALL, Calls, call_key
from exportlint.config import Settings
from exportlint.diagnostics import Severity
from exportlint.document import source_lines
from exportlint.engine import _analyse

SOURCE = """\
import math
import torch


def helper(t):
    return t * 2


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, x):
        n = len(x)
        y = x.view(n, -1)
        z = self.proj(y)
        w = helper(z)
        return math.sqrt(n) * torch.relu(w) + x.sum()
"""


class _Recording(Rule):
    """Records the source of each call it is sent."""

    name = "recording"
    severity = Severity.WARNING
    summary = "test rule"
    seen: ClassVar[list[str]]

    def call(self, event: events.Call) -> None:
        type(self).seen.append(ast.unparse(event.node))


class Everything(_Recording):
    code = "EXL991"
    seen: ClassVar[list[str]] = []


class Named(_Recording):
    code = "EXL992"
    seen: ClassVar[list[str]] = []
    calls = Calls(
        names=frozenset({"builtins.len"}), prefixes=("math.",), methods=frozenset({"view"})
    )


class OnSelf(_Recording):
    code = "EXL993"
    seen: ClassVar[list[str]] = []
    calls = Calls(self_methods=True)


class Values(_Recording):
    code = "EXL994"
    seen: ClassVar[list[str]] = []
    calls = Calls(values=True)


RECORDING: tuple[type[_Recording], ...] = (Everything, Named, OnSelf, Values)


def _run(rules: tuple[type[_Recording], ...]) -> None:
    for rule in rules:
        rule.seen = []
    tree = ast.parse(SOURCE)
    codes = frozenset(rule.code for rule in rules)
    settings = Settings(follow_imports="none")
    _analyse(tree, "net.py", list(rules), settings, source_lines(SOURCE), codes, SOURCE, False)


def test_a_declared_rule_gets_exactly_the_calls_it_asked_for() -> None:
    _run(RECORDING)
    assert Everything.seen == [
        "len(x)",
        "x.view(n, -1)",
        "self.proj(y)",
        "helper(z)",
        "math.sqrt(n)",
        "torch.relu(w)",
        "x.sum()",
    ]
    assert Named.seen == ["len(x)", "x.view(n, -1)", "math.sqrt(n)"]
    assert OnSelf.seen == ["self.proj(y)"]
    assert Values.seen == ["helper(z)"]


def test_the_catch_all_is_the_default_and_sees_the_same_alone() -> None:
    assert Rule.calls is EVERY_CALL
    _run(RECORDING)
    together = list(Everything.seen)
    _run((Everything,))
    assert Everything.seen == together


@pytest.mark.parametrize(
    ("declared", "key", "wanted"),
    [
        (Calls(names=frozenset({"builtins.len"})), "builtins.len", True),
        (Calls(names=frozenset({"builtins.len"})), "builtins.int", False),
        (Calls(prefixes=("numpy.",)), "numpy.zeros", True),
        (Calls(methods=frozenset({"tolist"})), ("tolist", False), True),
        (Calls(methods=frozenset({"tolist"})), ("numpy", False), False),
        (Calls(self_methods=True), ("proj", True), True),
        (Calls(self_methods=True), ("proj", False), False),
        (Calls(values=True), None, True),
        (Calls(names=frozenset({"builtins.len"})), None, False),
        (EVERY_CALL, ("anything", False), True),
        (Calls(names=frozenset({"a.b"})) | Calls(values=True), None, True),
    ],
)
def test_wants(declared: Calls, key: object, wanted: bool) -> None:
    assert declared.wants(key) is wanted  # type: ignore[arg-type]


def test_call_key_of_self_written_out() -> None:
    # `self.act(x)` is a call on `self` even when the receiver's value is not the instance.
    node = ast.parse("self.act(x)", mode="eval").body
    assert isinstance(node, ast.Call)
    event = events.Call(node, None, None, "act", (), {}, ast.Pass())
    assert call_key(event) == ("act", True)


CATALOGUE = sorted(
    p
    for p in (Path(__file__).resolve().parents[1] / "rules").glob("*/*.py")
    if p.name.startswith(("hazard_", "safe_"))
)


def test_the_rules_report_the_same_with_every_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each built-in rule's declaration covers every call its hook acts on: sent every call,
    the rules report exactly what they report on the calls they declare (the catalogue)."""
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in CATALOGUE]
    declared = [lint_source(text, path, fixes=False) for path, text in texts]
    for rule in ALL_RULES:
        monkeypatch.setattr(rule, "calls", EVERY_CALL)
    assert [lint_source(text, path, fixes=False) for path, text in texts] == declared


ALIASED = """\
import torch
from torch.nn import LSTM as Recurrent
from torch.nn import TransformerEncoder as Stack, TransformerEncoderLayer as Layer


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Recurrent(16, 16, batch_first=True)
        self.stack = Stack(Layer(16, 2, batch_first=True), 1)

    def forward(self, tokens, mask):
        states, _ = self.encoder(tokens)
        return self.stack(states, mask)
"""


def test_a_layer_imported_under_another_name_is_still_read() -> None:
    """`checks/layer_calls.py` reads the constructors of `self.<name>(...)` only in files that
    write a layer's name: an alias is bound by an import that writes it."""
    found = {(d.line, d.code) for d in lint_source(ALIASED, "aliased.py", fixes=False)}
    assert (13, "EXL304") in found
    assert (14, "EXL101") in found
    # The same calls of layers that are not these: silent.
    plain = ALIASED.replace("Recurrent(16, 16, batch_first=True)", "torch.nn.Identity()")
    plain = plain.replace("Stack(Layer(16, 2, batch_first=True), 1)", "torch.nn.Identity()")
    quiet = {d.code for d in lint_source(plain, "plain.py", fixes=False)}
    assert not quiet & {"EXL304", "EXL101"}
