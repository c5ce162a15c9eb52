"""The lint path never imports torch, numpy, libcst or the user's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"

PROBE = """
import sys
from exportlint.cli import main
status = main(["check", "--no-cache", "-q", "--output-format", "json", *sys.argv[2:]])
heavy = sorted(m for m in ("torch", "numpy", "onnx", "onnxruntime", "libcst") if m in sys.modules)
if sys.argv[1] == "fixes":  # building the fixes the JSON report shows is what libcst is for
    heavy = [m for m in heavy if m != "libcst"]
user = sorted(m for m in sys.modules if m.startswith(("hazard_", "safe_", "_exportlint_case")))
print("IMPORTED", heavy, user, file=sys.stderr)
sys.exit(0 if not heavy and not user and status == int(sys.argv[1] == "fixes") else 3)
"""


def _probe(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


def test_linting_the_catalogue_imports_no_heavy_module() -> None:
    # Its hazards have fixes, built for the JSON report: libcst, and nothing else heavy (the
    # runner lints one file in its own process before starting the workers).
    assert "IMPORTED [] []" in _probe("fixes", str(RULES))


def test_linting_files_with_nothing_to_fix_never_imports_libcst() -> None:
    safe = sorted(str(p) for p in RULES.glob("*/safe_*.py"))
    assert len(safe) > 20
    assert "IMPORTED [] []" in _probe("nothing", "--jobs", "1", *safe)
