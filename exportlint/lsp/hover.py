"""Hover: the rule's documentation, on a diagnostic's range or on a code in a `# noqa:`."""

from __future__ import annotations

from lsprotocol import types

from exportlint.checks import CATALOGUE
from exportlint.docs import rule_doc
from exportlint.lsp.lint import LintResult
from exportlint.lsp.noqa import CODE, NOQA
from exportlint.lsp.positions import LineIndex, characters, units


def _key(position: types.Position) -> tuple[int, int]:
    return (position.line, position.character)


def _covers(range_: types.Range, position: types.Position) -> bool:
    start, end, at = _key(range_.start), _key(range_.end), _key(position)
    return start <= at < end or start == end == at


def hover(
    result: LintResult | None, text: str, position: types.Position, encoding: str
) -> types.Hover | None:
    # The latest published diagnostics, even if a newer text is being linted: they are the
    # ones the editor shows, so they are the ones under the mouse.
    if result is not None:
        found = _on_diagnostic(result, position)
        if found is not None:
            return found
    return _on_noqa(text, position, encoding)


def _on_diagnostic(result: LintResult, position: types.Position) -> types.Hover | None:
    parts: list[str] = []
    shown: set[str] = set()
    hit: types.Range | None = None
    for diagnostic, lsp in zip(result.diagnostics, result.lsp):
        if not _covers(lsp.range, position):
            continue
        hit = hit or lsp.range
        parts.append(f"**{diagnostic.code}** `{diagnostic.name}`: {diagnostic.message}")
        if diagnostic.code not in shown:
            shown.add(diagnostic.code)
            doc = rule_doc(diagnostic.code)
            if doc:
                parts.append(doc.strip())
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)),
        range=hit,
    )


def _on_noqa(text: str, position: types.Position, encoding: str) -> types.Hover | None:
    index = LineIndex(text, encoding)
    line = index.line_text(position.line)
    if "noqa" not in line.lower():
        return None
    at = characters(line, position.character, encoding)
    for match in NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None:
            continue
        base = match.start("codes")
        for code in CODE.finditer(codes):
            start, end = base + code.start(), base + code.end()
            if not start <= at <= end:
                continue
            value = _doc_for(code.group().upper())
            if value is None:
                return None
            span = types.Range(
                start=types.Position(position.line, units(line[:start], encoding)),
                end=types.Position(position.line, units(line[:end], encoding)),
            )
            return types.Hover(
                contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value),
                range=span,
            )
    return None


def _doc_for(selector: str) -> str | None:
    if selector in CATALOGUE:
        return rule_doc(selector)
    matching = sorted(code for code in CATALOGUE if code.startswith(selector))
    if not matching or not selector.startswith("EXL"):
        return None
    rows = [f"- **{code}** `{CATALOGUE[code][0]}`: {CATALOGUE[code][2]}" for code in matching]
    return f"`{selector}` suppresses {len(matching)} rules:\n\n" + "\n".join(rows)
