"""Comparing outputs with the reference: within rtol/atol, with the max abs diff."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from exportlint.verify.results import Options


def to_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, (bool, int, float)):
        return torch.tensor(value)
    if type(value).__module__ == "numpy":  # an ndarray or numpy scalar (from onnxruntime)
        return torch.as_tensor(value)
    return None


def leaf_diff(expected: Any, actual: Any, options: Options) -> tuple[str | None, float | None]:
    """(None if equal within tolerance else a short description, max abs diff)."""
    exp_t, act_t = to_tensor(expected), to_tensor(actual)
    if exp_t is None or act_t is None:
        try:
            same = bool(expected == actual)
        except Exception:
            same = expected is actual
        return (None if same else f"{actual!r} vs {expected!r}"), None
    if not isinstance(expected, torch.Tensor) and act_t.numel() == 1:
        act_t = act_t.reshape(())  # eager returned a Python number; ONNX returns a tensor
    if tuple(act_t.shape) != tuple(exp_t.shape):
        return f"shape {tuple(act_t.shape)} vs {tuple(exp_t.shape)}", None
    if exp_t.numel() == 0:
        return None, 0.0
    if exp_t.is_complex() or act_t.is_complex():
        exp_d, act_d = exp_t.to(torch.complex128), act_t.to(torch.complex128)
    else:
        exp_d, act_d = exp_t.to(torch.float64), act_t.to(torch.float64)
    err = (act_d - exp_d).abs()
    both_nan = torch.isnan(exp_d) & torch.isnan(act_d)
    err = torch.where(both_nan, torch.zeros_like(err), err)
    err = torch.where(torch.isnan(err), torch.full_like(err, math.inf), err)
    worst = float(err.max().item())
    if torch.allclose(act_d, exp_d, rtol=options.rtol, atol=options.atol, equal_nan=True):
        return None, worst
    return f"max abs diff {worst:.4g}", worst


def compare(
    what: str, expected: Sequence[Any], actual: Sequence[Any], options: Options, when: str = ""
) -> tuple[str | None, float | None]:
    if len(expected) != len(actual):
        return f"{len(actual)} {what} value(s){when}, eager has {len(expected)}", None
    problem: str | None = None
    worst: float | None = None
    for k, (exp, act) in enumerate(zip(expected, actual, strict=True)):
        found, diff = leaf_diff(exp, act, options)
        if diff is not None:
            worst = diff if worst is None else max(worst, diff)
        if found is not None and problem is None:
            problem = f"{what} {k}{when}: {found}"
    return problem, worst
