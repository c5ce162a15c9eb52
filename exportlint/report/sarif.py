"""SARIF 2.1.0, for code-scanning dashboards."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from exportlint.diagnostics import DOCS_URL, Diagnostic

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    from exportlint import __version__
    from exportlint.checks import CATALOGUE

    codes = sorted(CATALOGUE)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        name, severity, summary = CATALOGUE[code]
        rules.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "helpUri": DOCS_URL.format(folder=f"{code}-{name}"),
                "defaultConfiguration": {"level": severity.value},
            }
        )
    results = []
    for d in diagnostics:
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": d.severity.value,
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path)},
                            "region": {
                                "startLine": d.line,
                                "startColumn": d.column,
                                "endLine": d.end_line,
                                "endColumn": d.end_column,
                            },
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "exportlint",
                        "version": __version__,
                        "informationUri": "https://github.com/exportlint/exportlint",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return candidate.as_posix()
