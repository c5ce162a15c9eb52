"""Exports in a warm process behave as in the user's new process.

The first torch.compile in a process turns off
`torch.distributions` argument validation for the whole process (torch 2.13,
`torch._dynamo.eval_frame.TorchPatcher.patch`). The verify worker and the catalogue proofs
export many models in one process, so they undo that switch before each export
(`exportlint.verify.common.as_in_a_new_process`); otherwise a model whose validation fails a
fresh `torch.export` passes once anything before it was compiled
(tests/test_ops.py compiles, in the same pytest worker as catalogue proofs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

import torch
from export_proof import run_case

pytestmark = pytest.mark.export

HAZARD = (
    Path(__file__).resolve().parents[1]
    / "rules/EXL101-tensor-condition/hazard_distribution_policy_log_prob.py"
)

COMPILE_THEN_READ = """
import torch

class Tiny(torch.nn.Module):
    def forward(self, x):
        return x + 1

before = torch.distributions.Distribution._validate_args
torch.compile(Tiny(), backend="eager")(torch.randn(2))
print(before, torch.distributions.Distribution._validate_args)
"""


def test_torch_compile_turns_distribution_validation_off_for_the_process() -> None:
    # The fact the reset exists for; if torch stops doing this, the reset is harmless.
    out = subprocess.run(
        [sys.executable, "-c", COMPILE_THEN_READ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["True", "False"]


def test_a_proof_after_an_earlier_trace_still_shows_the_validation_failure() -> None:
    torch.distributions.Distribution.set_default_validate_args(False)  # as torch.compile leaves it
    try:
        outcome = run_case(HAZARD, isolated=False)
    finally:
        torch.distributions.Distribution.set_default_validate_args(__debug__)
    assert outcome.hazard_shown, outcome.summary
