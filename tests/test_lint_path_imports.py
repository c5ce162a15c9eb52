"""The lint path never imports torch, numpy, libcst or the user's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"

PROBE = """
import sys
from exportlint.cli import main
status = main(["check", "--no-cache", "-q", "--output-format", "json", sys.argv[1]])
heavy = sorted(m for m in ("torch", "numpy", "onnx", "onnxruntime", "libcst") if m in sys.modules)
user = sorted(m for m in sys.modules if m.startswith(("hazard_", "safe_", "_exportlint_case")))
print("IMPORTED", heavy, user, file=sys.stderr)
sys.exit(0 if not heavy and not user and status == 1 else 3)
"""


def test_linting_the_catalogue_imports_no_heavy_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(RULES)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "IMPORTED [] []" in result.stderr
