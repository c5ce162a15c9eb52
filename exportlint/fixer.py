"""Applying fixes: rounds of lint → non-overlapping edits → re-lint, until nothing changes.

A round whose output does not parse is rolled back and reported with the rule and location;
a file whose fixes keep producing new fixes past `MAX_ROUNDS` is reported as not converged.
Files are written atomically (temporary file + rename), only when their bytes change, with
their encoding, BOM, newline style and trailing newline preserved, and never when they changed
on disk since they were read.
"""

from __future__ import annotations

import ast
import os
import re
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Edit
from exportlint.document import DecodeError, Document, decode
from exportlint.engine import lint_source

MAX_ROUNDS = 10
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: tuple[Diagnostic, ...]  # diagnostics whose fix was applied, over all rounds
    remaining: tuple[Diagnostic, ...]  # diagnostics of the final text
    problems: tuple[str, ...] = ()  # rolled-back fixes, non-convergence

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def fix_text(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    unsafe: bool = False,
    newline: str = "\n",
) -> FixResult:
    """Fix `text` as far as possible. Generated code uses `newline` for its line breaks."""
    applied: list[Diagnostic] = []
    problems: list[str] = []
    rejected: set[tuple[str, int, int]] = set()  # fixes that broke the file: not retried
    current = text
    for _ in range(MAX_ROUNDS):
        diagnostics = lint_source(current, path, settings)
        candidates = [
            d
            for d in diagnostics
            if applicable(d, unsafe) and (d.code, d.line, d.column) not in rejected
        ]
        if not candidates:
            return FixResult(current, tuple(applied), tuple(diagnostics), tuple(problems))
        chosen = _non_overlapping(candidates)
        updated = apply_edits(current, [e for d in chosen for e in d.fix.edits], newline)  # type: ignore[union-attr]
        if _parses(updated, path):
            current = updated
            applied.extend(chosen)
            continue
        # Find the culprit(s) one by one so that the good fixes of the round still land.
        for diagnostic in chosen:
            single = apply_edits(current, list(diagnostic.fix.edits), newline)  # type: ignore[union-attr]
            if _parses(single, path):
                current = single
                applied.append(diagnostic)
            else:
                rejected.add((diagnostic.code, diagnostic.line, diagnostic.column))
                problems.append(
                    f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} fix "
                    "produced code that does not parse; it was rolled back"
                )
            break  # positions of the others changed: re-lint first
    diagnostics = lint_source(current, path, settings)
    if any(
        applicable(d, unsafe) and (d.code, d.line, d.column) not in rejected for d in diagnostics
    ):
        problems.append(f"{path}: fixes did not converge after {MAX_ROUNDS} rounds")
    return FixResult(current, tuple(applied), tuple(diagnostics), tuple(problems))


def _non_overlapping(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Greedy in source order; identical edits (two fixes adding the same import) merge."""
    taken: list[Diagnostic] = []
    spans: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for diagnostic in sorted(candidates, key=lambda d: (d.line, d.column, d.code)):
        edits = diagnostic.fix.edits  # type: ignore[union-attr]
        ok = True
        for edit in edits:
            start, end = (edit.line, edit.column), (edit.end_line, edit.end_column)
            for other_start, other_end, content in spans:
                if (start, end, edit.content) == (other_start, other_end, content):
                    continue
                if start < other_end and other_start < end:
                    ok = False
                # Two different insertions at one point would interleave: defer one.
                if start == end == other_start == other_end:
                    ok = False
        if ok:
            taken.append(diagnostic)
            spans.extend(((e.line, e.column), (e.end_line, e.end_column), e.content) for e in edits)
    return taken


def apply_edits(text: str, edits: Sequence[Edit], newline: str = "\n") -> str:
    """Apply edits (positions in `text`'s own line numbering) from last to first."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(text)
        return min(starts[line - 1] + column - 1, len(text))

    unique = sorted(set(edits), key=lambda e: (e.line, e.column, e.end_line, e.end_column))
    out = text
    for edit in reversed(unique):
        start, end = offset(edit.line, edit.column), offset(edit.end_line, edit.end_column)
        content = _LINE_BREAK.sub(newline, edit.content)
        out = out[:start] + content + out[end:]
    return out


def _parses(text: str, path: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------- files


@dataclass(frozen=True)
class FileFix:
    path: str
    original: str
    result: FixResult | None
    written: bool = False
    error: str = ""  # why the file was not fixed (read-only, changed on disk, ...)
    remaining: tuple[Diagnostic, ...] = field(default=())


def fix_file(
    path: str, settings: Settings | None = None, unsafe: bool = False, write: bool = True
) -> FileFix:
    target = Path(os.path.realpath(path))  # a symlink's target is fixed, the link stays
    try:
        data = target.read_bytes()
    except OSError as error:
        from exportlint.engine import read_error

        return FileFix(path, "", None, error=f"cannot read: {error.strerror}",
                       remaining=tuple(read_error(path, error, settings)))  # fmt: skip
    try:
        document = decode(data, path)
    except DecodeError:
        from exportlint.engine import lint_bytes

        return FileFix(path, "", None, remaining=tuple(lint_bytes(data, path, settings)))
    result = fix_text(document.text, path, settings, unsafe, document.newline)
    if not result.changed or not write:
        return FileFix(path, document.text, result, remaining=result.remaining)
    problem = _write(target, data, document, result.text)
    if problem:
        # Nothing was written: report the original file's diagnostics.
        remaining = lint_source(document.text, path, settings)
        return FileFix(path, document.text, result, error=problem, remaining=tuple(remaining))
    return FileFix(path, document.text, result, written=True, remaining=result.remaining)


def encode(document: Document, text: str) -> bytes:
    encoding = document.encoding
    data = text.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    return (b"\xef\xbb\xbf" + data) if encoding == "utf-8-sig" else data


def _write(target: Path, original: bytes, document: Document, text: str) -> str:
    try:
        new = encode(document, text)
    except UnicodeEncodeError as error:
        return (
            f"not written: the fix needs characters {document.encoding} cannot encode "
            f"({error.reason})"
        )
    if new == original:
        return ""
    if not os.access(target, os.W_OK):
        return "not written: the file is read-only"
    try:
        if target.read_bytes() != original:
            return "not written: the file changed on disk while it was being fixed"
        mode = target.stat().st_mode
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(new)
            os.chmod(tmp, mode & 0o7777)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except FileNotFoundError:
        return "not written: the file vanished while it was being fixed"
    except OSError as error:
        return f"not written: {error.strerror}"
    return ""
