"""Prove the rule catalogue with the real exporters.

Every ``rules/*/hazard_*.py`` must show its hazard (export error, ``ep.module()``
mismatch, ONNX export error or onnxruntime mismatch against eager), and every
``rules/*/safe_*.py`` must export and match eager everywhere. See export_proof.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# The proofs need the optional "verify" stack; without it the module is skipped.
pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

from export_proof import case_problems, load_case, run_case

pytestmark = pytest.mark.export

RULES = Path(__file__).resolve().parents[1] / "rules"
CASES = sorted([*RULES.glob("*/hazard_*.py"), *RULES.glob("*/safe_*.py")])
IDS = [f"{p.parent.name}/{p.name}" for p in CASES]


# EXL601's 0/1 hazards trace a size 0 or 1 on a dynamic dimension on purpose: that
# convention is the hazard they show.
ZERO_ONE_ON_PURPOSE = "EXL601-"


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_case_file_follows_conventions(path: Path) -> None:
    problems = case_problems(load_case(path))
    if path.parent.name.startswith(ZERO_ONE_ON_PURPOSE) and path.name.startswith("hazard_"):
        problems = [p for p in problems if not p.startswith("trace set: dynamic")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_case_proves_itself(path: Path) -> None:
    outcome = run_case(path)
    if path.name.startswith("hazard_"):
        assert outcome.hazard_shown, outcome.summary
    else:
        assert not outcome.hazard_shown, outcome.summary
