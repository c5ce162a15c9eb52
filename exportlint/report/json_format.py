from __future__ import annotations

import json
from collections.abc import Sequence

from exportlint.diagnostics import Diagnostic


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2) + "\n"
