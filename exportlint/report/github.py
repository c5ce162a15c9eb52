"""GitHub Actions workflow commands: annotations on the pull request diff."""

from __future__ import annotations

from collections.abc import Sequence

from exportlint.diagnostics import Diagnostic


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        level = "error" if d.severity.value == "error" else "warning"
        props = ",".join(
            [
                f"title={_escape(f'exportlint ({d.code})', True)}",
                f"file={_escape(d.path, True)}",
                f"line={d.line}",
                f"col={d.column}",
                f"endLine={d.end_line}",
                f"endColumn={d.end_column}",
            ]
        )
        out.append(f"::{level} {props}::{_escape(f'{d.code} {d.message}')}\n")
    return "".join(out)
