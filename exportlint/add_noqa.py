"""`--add-noqa`: suppress every current diagnostic with a `# noqa: CODE` comment, to adopt
exportlint on a codebase that has findings and see only new ones from then on.

The comment goes where the engine reads it and only where a comment can go (the language
server's "disable for this line" edit, `exportlint.lsp.noqa`); an existing `# noqa: E501`
gets the codes merged in, any other comment keeps its text. Files are written as `--fix`
writes them: atomically, keeping encoding, BOM and newlines, never when the result would not
parse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic, Edit
from exportlint.document import DecodeError, decode, source_lines
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits, parses, write_atomically
from exportlint.lsp.noqa import noqa_edit, scan


@dataclass(frozen=True)
class NoqaResult:
    path: str
    added: int = 0  # codes added
    error: str = ""


def noqa_text(text: str, diagnostics: list[Diagnostic], newline: str = "\n") -> tuple[str, int]:
    """`text` with a noqa code added for each diagnostic that can take one; (text, count)."""
    scanned = scan(text)
    if scanned is None:
        return text, 0
    lines = source_lines(text)
    # One edit per line, carrying every code of that line: edits for one line differ only by
    # the code they write.
    merged: dict[tuple[int, int, int, int, str], list[str]] = {}
    for d in diagnostics:
        if d.code == "EXL000":
            continue  # a file that does not parse takes no comment safely
        edit = noqa_edit(d, lines, scanned)
        if edit is None:
            continue
        key = (
            edit.line,
            edit.column,
            edit.end_line,
            edit.end_column,
            edit.content.replace(d.code, "{}"),
        )
        codes = merged.setdefault(key, [])
        if d.code not in codes:
            codes.append(d.code)
    edits = [
        Edit(line, column, end_line, end_column, template.replace("{}", ", ".join(sorted(codes))))
        for (line, column, end_line, end_column, template), codes in merged.items()
    ]
    if not edits:
        return text, 0
    return apply_edits(text, edits, newline), sum(len(codes) for codes in merged.values())


def add_noqa_file(path: str, settings: Settings) -> NoqaResult:
    target = Path(path)
    try:
        data = target.read_bytes()
        document = decode(data, path)
    except (OSError, DecodeError):
        return NoqaResult(path)
    # The lint run's diagnostics were made from the same bytes unless the file changed since;
    # relint the text to be sure the positions are this text's.
    current = lint_source(document.text, path, settings)
    text, added = noqa_text(
        document.text, [d for d in current if d.code != "EXL001"], document.newline
    )
    if not added:
        return NoqaResult(path)
    if not parses(text, path):
        return NoqaResult(path, error="not written: adding the comments would break the file")
    problem = write_atomically(target, data, document, text)
    if problem:
        return NoqaResult(path, error=problem)
    return replace(NoqaResult(path), added=added)
