"""A candidate check lints only what its fix can change (exportlint.candidate_scope): the
entry points of the top-level statements that read the edited ones, in a text keeping only
what those read. Its verdicts must be those of a check of the whole document."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from exportlint import candidates
from exportlint.candidate_scope import Scopes
from exportlint.candidates import CandidateCheck
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from exportlint.engine import lint_source

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = sorted((ROOT / "rules").glob("EXL*/*.py"))
SETTINGS = Settings(follow_imports="none")

# Several models in one file: two share a helper, one holds the others, one is unrelated.
MODELS = """\
import torch
from torch import nn


def normalize(x):
    return x / x.norm()


class Encoder(nn.Module):
    def forward(self, x):
        n = len(x)
        if x.sum() > 0:
            x = x * 2
        return normalize(x) * n


class Decoder(nn.Module):
    def forward(self, h):
        out = []
        for i in range(h.shape[0]):
            out.append(normalize(h[i]) * 2)
        return torch.stack(out)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = Encoder()
        self.dec = Decoder()

    def forward(self, x):
        return self.dec(self.enc(x))


class Unrelated(nn.Module):
    def forward(self, y):
        v = y.item()
        if y.sum() > v:
            y = y + 1
        return y * v


if __name__ == "__main__":
    torch.export.export(Model(), (torch.randn(4, 3),))
"""


def _shown(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.code, d.line, d.column, d.message, d.fix, d.alternatives) for d in found]


def _whole_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CandidateCheck, "scope", lambda self, edits, line: None)


def _lint_both(text: str, path: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:  # type: ignore[type-arg]
    candidates._LINTS.clear()
    scoped = lint_source(text, path, SETTINGS)
    with monkeypatch.context() as patch:
        _whole_document(patch)
        candidates._LINTS.clear()
        whole = lint_source(text, path, SETTINGS)
    return scoped, whole


def test_scoped_checks_keep_what_whole_document_checks_keep_on_the_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    differ = []
    for path in CATALOGUE:
        scoped, whole = _lint_both(path.read_text(), str(path), monkeypatch)
        if _shown(scoped) != _shown(whole):
            differ.append(path.name)
    assert not differ


def test_scoped_checks_keep_what_whole_document_checks_keep_on_a_multi_class_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scopes: list[tuple[int, frozenset[str] | None]] = []
    real = CandidateCheck.scope

    def recorded(self: CandidateCheck, edits: list[Edit], line: int) -> frozenset[str] | None:
        found = real(self, edits, line)
        scopes.append((line, found))
        return found

    monkeypatch.setattr(CandidateCheck, "scope", recorded)
    scoped, whole = _lint_both(MODELS, "models.py", monkeypatch)
    assert _shown(scoped) == _shown(whole)
    assert {d.code for d in scoped} >= {"EXL101", "EXL401"}
    assert any(d.fix is not None and d.fix.edits for d in scoped)
    # The checks were scoped: none of the other models' linted the unrelated model.
    unrelated = _line(MODELS, "class Unrelated")
    assert scopes and all(scope is not None for _, scope in scopes)
    assert {line for line, _ in scopes} > {_line(MODELS, "v = y.item()") + 1}
    assert all("Unrelated" not in (scope or ()) for line, scope in scopes if line < unrelated)


def _scopes(text: str) -> Scopes:
    return Scopes(ast.parse(text))


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_scope_of_an_edit_is_what_reads_it_directly_or_not() -> None:
    scopes = _scopes(MODELS)
    line = _line(MODELS, "n = len(x)")
    edit = Edit(line, 9, line, 19, "n = x.shape[0]")
    assert scopes.names([edit], line) == {"Encoder", "Model"}
    # A shared helper: its readers, and what reads them.
    line = _line(MODELS, "return x / x.norm()")
    edit = Edit(line, 12, line, 28, "x")
    assert scopes.names([edit], line) == {"normalize", "Encoder", "Decoder", "Model"}


def test_an_inserted_import_widens_the_scope_to_what_reads_its_names() -> None:
    scopes = _scopes(MODELS)
    line = _line(MODELS, "v = y.item()")
    edit = Edit(line, 9, line, 21, "v = helper(y)")
    imported = Edit(3, 1, 3, 1, "from helpers import helper\n")
    assert scopes.names([edit, imported], line) == {"Unrelated", "helper"}
    # `nn` is read by every model: an import rebinding it reaches them all.
    rebinding = Edit(3, 1, 3, 1, "import nn\n")
    everything = {"Encoder", "Decoder", "Model", "Unrelated", "nn"}
    assert scopes.names([edit, rebinding], line) == everything


def test_an_edit_that_can_change_the_whole_module_is_checked_on_the_whole_document() -> None:
    scopes = _scopes(MODELS)
    line = _line(MODELS, "v = y.item()")
    body = Edit(line, 9, line, 21, "v = 1")
    start = _line(MODELS, "class Unrelated")
    # Text put at the very start of a statement, or that is not whole statements.
    for other in (
        Edit(start, 1, start, 1, "@torch.no_grad()\n"),
        Edit(start, 1, start, 6, "class"),
        Edit(start - 1, 1, start - 1, 1, "x = (\n"),
    ):
        assert scopes.names([body, other], line) is None


def test_the_reduced_text_keeps_positions_and_what_the_scope_reads() -> None:
    scopes = _scopes(MODELS)
    reduced, blanked = scopes.reduced(MODELS, frozenset({"Decoder"}))
    assert blanked == 6 + 8 + 6  # Encoder, Model, Unrelated
    assert reduced.count("\n") == MODELS.count("\n")
    for kept in ("def normalize", "class Decoder", "torch.export.export", "import torch"):
        assert (
            reduced.splitlines()[_line(MODELS, kept) - 1]
            == MODELS.splitlines()[_line(MODELS, kept) - 1]
        )
    for gone in ("class Encoder", "class Model", "class Unrelated"):
        assert gone not in reduced
    ast.parse(reduced)


def test_a_fix_that_breaks_another_model_through_a_shared_helper_is_dropped() -> None:
    tree = ast.parse(MODELS)
    line = _line(MODELS, "n = len(x)")
    helper = _line(MODELS, "return x / x.norm()")
    # Fixes the hazard, and puts a tensor condition in the helper that Decoder calls.
    fix = Fix(
        "Fix it and break the helper",
        Applicability.UNSAFE,
        (
            Edit(line, 9, line, 19, "n = x.shape[0]"),
            Edit(helper, 5, helper, 5, "if x.sum() > 0:\n        x = x * 2\n    "),
        ),
    )
    found = lint_source(MODELS, "models.py", SETTINGS, fixes=False)
    hazard = next(d for d in found if d.line == line)
    check = CandidateCheck(MODELS, "models.py", SETTINGS, tree)
    assert check.scope(fix.edits, line) == {"normalize", "Encoder", "Decoder", "Model"}
    assert "new error" in check(hazard.code, hazard.line, hazard.column, fix)
    candidates._LINTS.clear()
    whole = CandidateCheck(MODELS, "models.py", SETTINGS)  # no tree: the whole document
    assert whole(hazard.code, hazard.line, hazard.column, fix) == check(
        hazard.code, hazard.line, hazard.column, fix
    )
