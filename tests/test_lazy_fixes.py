"""Fixes built on demand: a lint with `fixes=False` (human output, LSP diagnostics) builds no
libcst rewrite, and must find exactly what the lint that builds them finds."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import libcst
import pytest

from exportlint.cache import Cache
from exportlint.cli import main
from exportlint.codemods import DEFERRED
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Fix
from exportlint.engine import lint_result, lint_source
from exportlint.runner import lint_paths

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = sorted((REPO / "rules").glob("EXL*/*.py"))

MODEL = """\
import torch
from torch import nn


class Model(nn.Module):
    def forward(self, x, y):
        k = len(x)
        if x.sum() > 0:
            x = x * 2
        s = float(x.shape[0])
        return x * k * s
"""


def _without_fixes(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [
        (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.message, d.help, d.noqa_line)
        for d in found
    ]


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lazy_lint_finds_what_the_eager_lint_finds(path: Path) -> None:
    data = path.read_bytes()
    eager = lint_result(data, str(path), Settings()).diagnostics
    lazy = lint_result(data, str(path), Settings(), fixes=False).diagnostics
    assert _without_fixes(lazy) == _without_fixes(eager)
    for before, after in zip(eager, lazy, strict=True):
        assert not any(f.pending for f in before.fixes)
        if after.fix is not None and after.fix.pending:
            # Pending: no edits, never applied, nothing claimed about its applicability.
            assert after.fix.edits == () and after.alternatives == ()
            assert after.fix.applicability is Applicability.DISPLAY_ONLY
            assert DEFERRED not in after.fix.description
        else:
            assert after.fixes == before.fixes  # built without libcst: the same


def test_the_catalogue_has_fixes_that_wait(tmp_path: Path) -> None:
    # The test above would pass vacuously if nothing were ever deferred.
    found = lint_source(MODEL, str(tmp_path / "m.py"), fixes=False)
    assert [d.code for d in found] == ["EXL303", "EXL101", "EXL301"]
    assert all(d.fix is not None and d.fix.pending for d in found)
    built = lint_source(MODEL, str(tmp_path / "m.py"))
    assert all(d.fix is not None and d.fix.edits for d in built)


def test_a_lazy_lint_parses_nothing_with_libcst(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("libcst used by a lint that builds no fix")

    monkeypatch.setattr(libcst, "parse_module", refuse)
    monkeypatch.setattr(libcst, "parse_statement", refuse)
    monkeypatch.setattr(libcst, "parse_expression", refuse)
    found = lint_source(MODEL, str(tmp_path / "m.py"), fixes=False)
    assert len(found) == 3


def test_a_lint_leaves_no_reference_cycles(tmp_path: Path) -> None:
    # The runner lints with the cyclic collector off (it walked the shared modules' trees
    # again and again): what a lint leaves must be freed by reference counting. A FixDeferred
    # kept in a local of a frame it went through would pin the interpreter's whole stack, and
    # the `self.<name>` table of a module holds values that point back at the module.
    helper = tmp_path / "pkg" / "helpers.py"
    helper.parent.mkdir()
    (helper.parent / "__init__.py").write_text("", encoding="utf-8")
    helper.write_text("def gate(x):\n    if x.sum() > 0:\n        return x\n    return -x\n")
    text = (
        "import torch\n"
        "from torch import nn\n"
        "from .helpers import gate\n\n\n"
        "class Block(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return x * len(x)\n\n\n"
        "class Model(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.block = Block()\n\n"
        "    def forward(self, x):\n"
        "        return gate(self.block(x))\n"
    )
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        found = lint_result(text.encode(), str(helper.parent / "m.py"), fixes=False)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        leaked = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert {d.path for d in found.diagnostics} == {str(helper.parent / "m.py"), str(helper)}
    assert any(d.fix is not None and d.fix.pending for d in found.diagnostics)
    assert leaked == []


def test_pending_fixes_round_trip_through_json() -> None:
    fix = Fix("Rewrite with torch.cond", Applicability.DISPLAY_ONLY, pending=True)
    assert fix.to_json()["pending"] is True
    assert Fix.from_json(fix.to_json()) == fix
    built = Fix("x", Applicability.SAFE)
    assert "pending" not in built.to_json()  # the JSON report is unchanged


def test_the_cache_serves_pending_fixes_only_to_lints_that_do_not_need_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.py"
    path.write_text(MODEL, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    lazy = lint_paths([path], cache_dir=cache_dir, fixes=False)
    assert all(d.fix is not None and d.fix.pending for d in lazy)
    key = str(path.resolve())
    cache = Cache(cache_dir, Settings().fingerprint())
    digest = cache.entries[key][0]
    assert cache.get(key, digest) is not None
    assert cache.get(key, digest, complete=True) is None  # a --fix or JSON run lints again

    eager = lint_paths([path], cache_dir=cache_dir)
    assert all(d.fix is not None and d.fix.edits for d in eager)
    # Now the cache holds the built fixes, and every later lint gets them.
    again = lint_paths([path], cache_dir=cache_dir, fixes=False)
    assert [d.fixes for d in again] == [d.fixes for d in eager]


def test_cli_builds_fixes_for_json_and_fix_after_a_lazy_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(MODEL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "--output-format", "json", "m.py"]) == 1
    cold = json.loads(capsys.readouterr().out)

    assert main(["check", "m.py"]) == 1  # lazy, and cached
    out = capsys.readouterr().out
    assert "[*]" not in out and "3 with a candidate fix not built yet" in out
    assert main(["check", "--output-format", "json", "m.py"]) == 1
    assert json.loads(capsys.readouterr().out) == cold  # not the cache's pending fixes
    assert all(item["fix"]["edits"] for item in cold)

    main(["check", "m.py"])  # lazy again, over the cache
    capsys.readouterr()
    assert main(["check", "--fix", "m.py"]) == 1  # EXL101's rewrite is unsafe: it remains
    capsys.readouterr()
    fixed = (tmp_path / "m.py").read_text(encoding="utf-8")
    assert "s = torch.sym_float(x.shape[0])" in fixed
