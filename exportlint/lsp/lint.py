"""One lint of one document version: the library's `lint_source`, converted for LSP.

Runs on the worker thread; pure (no server state), so that results can be dropped when a newer
version has arrived in the meantime.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from lsprotocol import types

from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.document import newline_of
from exportlint.engine import lint_source_result
from exportlint.lsp.convert import replacement_edit, to_lsp_diagnostic
from exportlint.lsp.documents import Snapshot
from exportlint.lsp.positions import LineIndex


@dataclass(frozen=True)
class LintResult:
    snapshot: Snapshot
    settings: Settings
    encoding: str
    diagnostics: tuple[Diagnostic, ...]
    lsp: tuple[types.Diagnostic, ...]  # diagnostics[i] as LSP
    # Whether the fixes were built: diagnostics are published from a lint that does not
    # build them (pending fixes); code actions need them, and lint again with them.
    fixes: bool = True
    # Whole-project analysis: what this document's traced code puts in other files of the
    # project (by path), and every file the analysis read (as they are on disk).
    placed: tuple[tuple[str, tuple[Diagnostic, ...]], ...] = ()
    dependencies: frozenset[str] = frozenset()

    def for_version(self, snapshot: Snapshot) -> LintResult:
        """The same results for a later version with the same text (e.g. after a save)."""
        return replace(self, snapshot=snapshot)

    def placed_in(self, path: str) -> tuple[Diagnostic, ...]:
        return next((found for where, found in self.placed if where == path), ())

    @property
    def complete(self) -> bool:
        """Every fix is built (none pending): code actions can be made from it."""
        return self.fixes or not any(d.fix is not None and d.fix.pending for d in self.diagnostics)

    @property
    def has_safe_fix(self) -> bool:
        return any(
            d.fix is not None and d.fix.edits and d.fix.applicability is Applicability.SAFE
            for d in self.diagnostics
        )


def lint(snapshot: Snapshot, settings: Settings, encoding: str, fixes: bool = True) -> LintResult:
    """`fixes=False`: diagnostics only, the fixes pending (what publishing needs, a third
    cheaper); code actions lint with `fixes=True` when they need the edits."""
    result = lint_source_result(snapshot.text, snapshot.path, settings, fixes=fixes)
    found = [d for d in result.diagnostics if d.path == snapshot.path]
    elsewhere: dict[str, list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.path != snapshot.path:
            elsewhere.setdefault(os.path.normpath(d.path), []).append(d)
    index = LineIndex(snapshot.text, encoding)
    return LintResult(
        snapshot,
        settings,
        encoding,
        tuple(found),
        tuple(to_lsp_diagnostic(d, index) for d in found),
        fixes,
        tuple((path, tuple(ds)) for path, ds in sorted(elsewhere.items())),
        frozenset(os.path.normpath(p) for p in result.dependencies),
    )


def fix_all(snapshot: Snapshot, settings: Settings, encoding: str) -> types.TextEdit | None:
    """The edit `exportlint --fix` (safe fixes only) would make to this text."""
    # Imported here: the fixer (and tempfile, shutil... behind it) is not needed before the
    # first fix-all, and every module imported at start delays the first diagnostics.
    from exportlint.fixer import fix_text

    text = snapshot.text
    result = fix_text(text, snapshot.path, settings, unsafe=False, newline=newline_of(text))
    return replacement_edit(text, result.text, LineIndex(text, encoding))
