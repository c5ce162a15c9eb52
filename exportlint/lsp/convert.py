"""exportlint's data -> LSP's: diagnostics, edits, workspace edits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lsprotocol import types

from exportlint.diagnostics import Diagnostic, Edit, Severity
from exportlint.lsp.positions import LineIndex

SOURCE = "exportlint"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


def to_lsp_diagnostic(diagnostic: Diagnostic, index: LineIndex) -> types.Diagnostic:
    message = diagnostic.message
    if diagnostic.help:
        message = f"{message}\nhelp: {diagnostic.help}"
    fix = diagnostic.fix
    return types.Diagnostic(
        range=types.Range(
            start=index.diagnostic_position(diagnostic.line, diagnostic.column),
            end=index.diagnostic_position(diagnostic.end_line, diagnostic.end_column),
        ),
        severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=diagnostic.url),
        source=SOURCE,
        message=message,
        data={
            "name": diagnostic.name,
            "fix": fix.applicability.value if fix is not None and fix.edits else None,
        },
    )


def text_edits(edits: Iterable[Edit], index: LineIndex, newline: str) -> list[types.TextEdit]:
    """A fix's edits as LSP edits. Duplicates merge and inserted line breaks follow the
    document's, exactly as `exportlint.fixer.apply_edits` does."""
    unique = sorted(set(edits), key=lambda e: (e.line, e.column, e.end_line, e.end_column))
    return [
        types.TextEdit(
            range=index.edit_range(edit.line, edit.column, edit.end_line, edit.end_column),
            new_text=_LINE_BREAK.sub(newline, edit.content),
        )
        for edit in unique
    ]


def replacement_edit(old: str, new: str, index: LineIndex) -> types.TextEdit | None:
    """One edit turning `old` (indexed by `index`) into `new`: the span between their common
    prefix and suffix, so that the client keeps the cursor and folds outside it."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    # Never split a "\r\n": a position between its halves does not exist in LSP.
    if 0 < prefix < len(old) and old[prefix - 1] == "\r" and old[prefix] == "\n":
        prefix -= 1
    end = len(old) - suffix
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        suffix -= 1
        end += 1
    return types.TextEdit(
        range=types.Range(start=index.position(prefix), end=index.position(end)),
        new_text=new[prefix : len(new) - suffix],
    )


def workspace_edit(
    uri: str, version: int | None, edits: Sequence[types.TextEdit], document_changes: bool
) -> types.WorkspaceEdit:
    if document_changes:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=version
                    ),
                    edits=list(edits),
                )
            ]
        )
    return types.WorkspaceEdit(changes={uri: list(edits)})
