"""Output formats. Each takes the diagnostics of a run and returns the text to print."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exportlint.diagnostics import Diagnostic
from exportlint.report.full import render_concise, render_full, render_grouped
from exportlint.report.style import Style

# path -> source lines, for formats that show the offending line.
SourceLines = Callable[[str], Sequence[str]]

FORMATS = (
    "full", "concise", "grouped", "json", "json-lines", "sarif", "github", "gitlab", "junit",
    "pylint", "rdjson",
)  # fmt: skip
# The formats meant for people: they get the summary line and, on a terminal, colour.
HUMAN_FORMATS = ("full", "concise", "grouped")


def render(
    fmt: str,
    diagnostics: Sequence[Diagnostic],
    lines: SourceLines,
    unsafe: bool = False,
    style: Style | None = None,
) -> str:
    style = style or Style()
    if fmt == "full":
        return render_full(diagnostics, lines, unsafe, style)
    if fmt == "concise":
        return render_concise(diagnostics, style)
    if fmt == "grouped":
        return render_grouped(diagnostics, style)
    # The machine formats are imported when used: a run imports one format, not eleven.
    if fmt in ("json", "json-lines"):
        from exportlint.report.json_format import render_json, render_json_lines

        return render_json(diagnostics) if fmt == "json" else render_json_lines(diagnostics)
    if fmt == "sarif":
        from exportlint.report.sarif import render_sarif

        return render_sarif(diagnostics)
    if fmt == "github":
        from exportlint.report.github import render_github

        return render_github(diagnostics)
    if fmt in ("gitlab", "junit", "pylint", "rdjson"):
        from exportlint.report import ci_formats

        return {
            "gitlab": ci_formats.render_gitlab,
            "junit": ci_formats.render_junit,
            "pylint": ci_formats.render_pylint,
            "rdjson": ci_formats.render_rdjson,
        }[fmt](diagnostics)
    raise ValueError(f"unknown output format {fmt!r}")
