"""A check served from the cache never imports the rules or the analysis: its start-up is
what a warm run costs (benchmarks/lint_speed.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from exportlint.cli import main
status = main(["check", "-q", "--cache-dir", sys.argv[1], sys.argv[2]])
loaded = sorted(m for m in ("exportlint.checks", "exportlint.engine", "libcst") if m in sys.modules)
print("LOADED", loaded, status, file=sys.stderr)
"""

MODEL = """\
import torch
from torch import nn


class Model(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x
"""


def _run(cache: Path, source: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(cache), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.stderr


def test_a_cached_check_loads_no_rule(tmp_path: Path) -> None:
    source = tmp_path / "model.py"
    source.write_text(MODEL, encoding="utf-8")
    cache = tmp_path / "cache"
    # The first run lints (and loads the rules); the second is served from the cache.
    assert "LOADED ['exportlint.checks', 'exportlint.engine'" in _run(cache, source)
    assert "LOADED [] 1" in _run(cache, source)
