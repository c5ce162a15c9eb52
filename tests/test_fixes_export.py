"""Prove the fix goldens with the real exporters, against the ORIGINAL model.

For every ``rules/*/fixed_<slug>.py`` (see test_fixes_goldens.py), ``run_case(fixed,
reference=hazard_<slug>.py)`` must show no hazard: the fixed model exports with
torch.export and torch.onnx, and its own eager run, ``ep.module()`` and onnxruntime
all reproduce the hazard model's eager outputs on every input set, including the
sizes not used for tracing. (Inputs after the call are compared with the fixed
model's own eager run: an unsafe fix may stop mutating an input, as documented.)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

# The proofs need the optional "verify" stack; without it the module is skipped.
pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

from export_proof import run_case
from regen_fixed_goldens import FIXED, RULES, hazard_for

pytestmark = pytest.mark.export

# EXL601's fixes change the example inputs on purpose (a traced size of 1 made 2): the golden
# defines other inputs than its hazard, and is proven on its own inputs against the hazard
# model's eager outputs on them (what the exporters and onnxruntime must reproduce).
EXAMPLE_FIXES = "EXL601-"

GOLDENS = sorted(RULES.glob(f"*/{FIXED}*.py"))
IDS = [f"{p.parent.name}/{p.name}" for p in GOLDENS]


@pytest.mark.parametrize("golden", GOLDENS, ids=IDS)
def test_fix_exports_and_keeps_the_original_outputs(golden: Path) -> None:
    hazard = hazard_for(golden)
    assert hazard.is_file(), f"{golden.name} has no {hazard.name}"
    outcome = run_case(golden, reference=hazard)
    mismatch = outcome.eager_mismatch or ""
    if golden.parent.name.startswith(EXAMPLE_FIXES) and "differs from the reference's" in mismatch:
        outcome = replace(outcome, eager_mismatch=None)
    assert not outcome.hazard_shown, outcome.summary
