"""Formats other tools read, shaped as Ruff shapes them: `gitlab` (Code Quality report),
`junit` (XML test report), `pylint` (one line each, the parseable pylint style) and `rdjson`
(reviewdog's diagnostic format, with fixes as suggestions)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath

from exportlint.diagnostics import Diagnostic

_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def escape(text: str) -> str:
    # Not xml.sax.saxutils: it imports urllib.request, 0.1 s of every run's start-up.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


def render_gitlab(diagnostics: Sequence[Diagnostic]) -> str:
    """GitLab Code Quality: a JSON array with a fingerprint unique to each finding (the same
    finding keeps its fingerprint across runs when nothing before it changed)."""
    seen: dict[str, int] = {}
    out = []
    for d in diagnostics:
        identity = f"{d.path}\0{d.code}\0{d.message}"
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        fingerprint = hashlib.sha256(f"{identity}\0{occurrence}".encode()).hexdigest()[:16]
        out.append(
            {
                "check_name": d.code,
                "description": f"{d.code} {d.message}",
                "fingerprint": fingerprint,
                "location": {
                    "path": PurePath(d.path).as_posix(),
                    "positions": {
                        "begin": {"line": d.line, "column": d.column},
                        "end": {"line": d.end_line, "column": d.end_column},
                    },
                },
                "severity": _GITLAB_SEVERITY[d.severity.value],
            }
        )
    return json.dumps(out, indent=2) + "\n"


def render_junit(diagnostics: Sequence[Diagnostic]) -> str:
    """One testsuite per file, one failing testcase per diagnostic; a run with nothing found
    is one passing testcase (as Ruff writes it)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    total = len(diagnostics)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="exportlint" tests="{max(total, 1)}" failures="{total}" errors="0">',
    ]
    if not by_path:
        lines += [
            '    <testsuite name="exportlint" tests="1" disabled="0" errors="0" failures="0" '
            'package="org.exportlint">',
            '        <testcase name="No errors found"/>',
            "    </testsuite>",
        ]
    for path, found in by_path.items():
        classname = str(PurePath(path).with_suffix("").as_posix())
        lines.append(
            f'    <testsuite name={quoteattr(path)} tests="{len(found)}" disabled="0" '
            f'errors="0" failures="{len(found)}" package="org.exportlint">'
        )
        for d in found:
            text = f"line {d.line}, col {d.column}, {d.message}"
            lines += [
                f'        <testcase name="org.exportlint.{d.code}" '
                f'classname={quoteattr(classname)} line="{d.line}" column="{d.column}">',
                f"            <failure message={quoteattr(d.message)}>{escape(text)}</failure>",
                "        </testcase>",
            ]
        lines.append("    </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"


def render_pylint(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d.path}:{d.line}: [{d.code}] {d.message}\n" for d in diagnostics)


def render_rdjson(diagnostics: Sequence[Diagnostic]) -> str:
    """reviewdog's rdjson: a diagnostic result with each fix's edits as suggestions."""
    out = []
    for d in diagnostics:
        item: dict[str, object] = {
            "code": {"url": d.url, "value": d.code},
            "location": {
                "path": d.path,
                "range": {
                    "start": {"line": d.line, "column": d.column},
                    "end": {"line": d.end_line, "column": d.end_column},
                },
            },
            "message": d.message,
            "severity": d.severity.value.upper(),
        }
        if d.fix is not None and d.fix.edits:
            item["suggestions"] = [
                {
                    "range": {
                        "start": {"line": e.line, "column": e.column},
                        "end": {"line": e.end_line, "column": e.end_column},
                    },
                    "text": e.content,
                }
                for e in d.fix.edits
            ]
        out.append(item)
    result = {
        "diagnostics": out,
        "severity": "WARNING",
        "source": {
            "name": "exportlint",
            "url": "https://github.com/exportlint/exportlint",
        },
    }
    return json.dumps(result, indent=2) + "\n"
