"""The rule catalogue's documentation: `rules/<CODE>-<name>/README.md`."""

from __future__ import annotations

from pathlib import Path

from exportlint.checks import CATALOGUE


def catalogue_dir() -> Path | None:
    package = Path(__file__).resolve().parent
    # A wheel carries a copy (see pyproject.toml); a source checkout has the original.
    for candidate in (package / "_catalogue", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return None


def rule_doc(code: str) -> str | None:
    code = code.upper()
    if code not in CATALOGUE:
        return None
    name, severity, summary = CATALOGUE[code]
    directory = catalogue_dir()
    if directory is not None:
        readme = directory / f"{code}-{name}" / "README.md"
        if readme.is_file():
            return readme.read_text(encoding="utf-8")
    return f"# {code} {name} ({severity.value})\n\n{summary}.\n"
