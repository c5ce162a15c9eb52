"""Code actions: a quickfix per candidate fix of a diagnostic (best first), 'Disable EXLnnn
for this line', and `source.fixAll.exportlint` (safe fixes only, the text `exportlint --fix`
would write: the first candidate of each diagnostic, when it is safe)."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from exportlint.diagnostics import Applicability, Diagnostic, Fix
from exportlint.document import newline_of, source_lines
from exportlint.lsp.convert import text_edits, workspace_edit
from exportlint.lsp.lint import LintResult
from exportlint.lsp.noqa import noqa_edit, scan
from exportlint.lsp.positions import LineIndex

FIX_ALL = "source.fixAll.exportlint"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL)
FIX_ALL_TITLE = "exportlint: apply all safe fixes"


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for `source.fixAll` includes ours."""
    if not only:
        return True
    return any(kind == base or kind.startswith(f"{base}.") for base in only)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def code_actions(
    result: LintResult,
    requested: types.Range,
    only: Sequence[str] | None,
    *,
    document_changes: bool,
) -> list[types.CodeAction]:
    """Quickfixes and noqa actions for the diagnostics in `requested`, then fix-all (its edit
    left for `codeAction/resolve`: computing it means running the fixer)."""
    snapshot = result.snapshot
    actions: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        index = LineIndex(snapshot.text, result.encoding)
        newline = newline_of(snapshot.text)
        lines: list[str] | None = None
        comments = None
        noqa_actions: list[types.CodeAction] = []
        for diagnostic, lsp in zip(result.diagnostics, result.lsp):
            if not _overlaps(lsp.range, requested):
                continue
            for fix, title, preferred in candidates(diagnostic):
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        is_preferred=preferred,
                        edit=workspace_edit(
                            snapshot.uri,
                            snapshot.version,
                            text_edits(fix.edits, index, newline),
                            document_changes,
                        ),
                    )
                )
            if diagnostic.code == "EXL000":
                continue  # a file that does not parse is fixed, not silenced
            if lines is None:
                lines = source_lines(snapshot.text)
                comments = scan(snapshot.text)
            if comments is None:
                continue
            edit = noqa_edit(diagnostic, lines, comments)
            if edit is None:
                continue
            noqa_actions.append(
                types.CodeAction(
                    title=f"Disable {diagnostic.code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=workspace_edit(
                        snapshot.uri,
                        snapshot.version,
                        text_edits([edit], index, newline),
                        document_changes,
                    ),
                )
            )
        actions.extend(_unique_titles(noqa_actions))
    if wanted(FIX_ALL, only) and result.has_safe_fix:
        actions.append(
            types.CodeAction(
                title=FIX_ALL_TITLE,
                kind=FIX_ALL,
                data={"uri": snapshot.uri, "version": snapshot.version},
            )
        )
    return actions


def candidates(diagnostic: Diagnostic) -> list[tuple[Fix, str, bool]]:
    """The diagnostic's candidate fixes that edit, in its order (best first), each with its
    title and whether it is the preferred one: the first candidate, when it is safe, which is
    the one `exportlint --fix` and fix-all apply. Suggestions without edits are not actions."""
    out: list[tuple[Fix, str, bool]] = []
    seen: dict[str, int] = {}
    for number, fix in enumerate(diagnostic.fixes):
        if not fix.edits or fix.applicability is Applicability.DISPLAY_ONLY:
            continue
        unsafe = fix.applicability is Applicability.UNSAFE
        title = f"{diagnostic.code}: {fix.description}"
        if unsafe:
            title = f"{title} (unsafe fix)"
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:  # two candidates described alike: still two distinct entries
            title = f"{title} ({seen[title]})"
        preferred = number == 0 and fix.applicability is Applicability.SAFE
        out.append((fix, title, preferred))
    return out


def _unique_titles(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    # Two EXL101 findings on one line: one 'Disable EXL101 for this line', not two.
    seen: set[tuple[str, str]] = set()
    out = []
    for action in actions:
        edit = action.edit
        key = (action.title, repr(edit))
        if key not in seen:
            seen.add(key)
            out.append(action)
    return out
