"""Verification: export the models of files that carry example inputs, with torch.export,
torch.onnx and onnxruntime, in a warm worker process, and compare with eager outputs.

    exportlint verify models/            # is the code exportable, is the ONNX model right?
    exportlint --fix --verify models/    # write a fix only when the fixed model verifies

Importing this package does not import torch: the worker process does (see worker.py).

Parent side (no torch): `discovery` (which files have examples; `ast` only), `dynamic`
(guessing dynamic shapes), `runner` (the warm workers, timeouts, crashes, progress), `session`
(a run: jobs and results; the --fix --verify gate), `report` (full, json, Markdown), `results`
(the plain data that crosses the process boundary). Worker side (torch, in the child only):
`worker` (serving; one model through the exporters), `loading` (sources from text, models and
input sets), `compare` (outputs vs the reference), `common` (seeding, error lines, pytrees).
"""

from __future__ import annotations

from exportlint.verify.discovery import find_models, has_examples
from exportlint.verify.results import (
    FileOutcome,
    Job,
    ModelRef,
    ModelResult,
    Options,
    Report,
    Run,
)
from exportlint.verify.runner import WarmWorker, WorkerUnavailable, warm_worker
from exportlint.verify.session import VerifyOptions, fix_files_verified, verify_files

__all__ = [
    "FileOutcome",
    "Job",
    "ModelRef",
    "ModelResult",
    "Options",
    "Report",
    "Run",
    "VerifyOptions",
    "WarmWorker",
    "WorkerUnavailable",
    "find_models",
    "fix_files_verified",
    "has_examples",
    "verify_files",
    "warm_worker",
]
