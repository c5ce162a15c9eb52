"""Output formats. Each takes the diagnostics of a run and returns the text to print."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exportlint.diagnostics import Diagnostic
from exportlint.report.full import render_concise, render_full
from exportlint.report.github import render_github
from exportlint.report.json_format import render_json
from exportlint.report.sarif import render_sarif

# path -> source lines, for formats that show the offending line.
SourceLines = Callable[[str], Sequence[str]]

FORMATS = ("full", "concise", "json", "sarif", "github")


def render(
    fmt: str, diagnostics: Sequence[Diagnostic], lines: SourceLines, unsafe: bool = False
) -> str:
    if fmt == "full":
        return render_full(diagnostics, lines, unsafe)
    if fmt == "concise":
        return render_concise(diagnostics)
    if fmt == "json":
        return render_json(diagnostics)
    if fmt == "sarif":
        return render_sarif(diagnostics)
    if fmt == "github":
        return render_github(diagnostics)
    raise ValueError(f"unknown output format {fmt!r}")
