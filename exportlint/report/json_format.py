from __future__ import annotations

import json
from collections.abc import Sequence

from exportlint.diagnostics import Diagnostic


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    # One object per line: readable, and encoded by json's C encoder (indent=2 would fall
    # back to the pure-Python one, the slowest part of a warm run over a large tree).
    if not diagnostics:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(d.to_json()) for d in diagnostics) + "\n]\n"


def render_json_lines(diagnostics: Sequence[Diagnostic]) -> str:
    """One JSON object per line, the objects of `json` (Ruff's `json-lines`)."""
    return "".join(json.dumps(d.to_json()) + "\n" for d in diagnostics)
