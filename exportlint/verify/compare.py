"""Comparing outputs with the reference, element by element, the way
`torch.testing.assert_close` does: |actual - expected| <= atol + rtol * |expected|, NaN equal
to NaN, infinities equal when of the same sign; a difference names the element."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from exportlint.verify.results import Options

# Two eager runs of the same model on the same inputs, seeded alike, give the same bits on
# CPU: any difference comes from the host (id(), time, random, global state).
EXACT = Options(rtol=0.0, atol=0.0)


def to_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, (bool, int, float)):
        return torch.tensor(value)
    if type(value).__module__ == "numpy":  # an ndarray or numpy scalar (from onnxruntime)
        return torch.as_tensor(value)
    return None


def _number(value: complex | float) -> str:
    return f"{value:.6g}"


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
    both_nan = torch.isnan(exp_d) & torch.isnan(act_d)
    identical = (act_d == exp_d) | both_nan  # also infinities of the same sign
    err = (act_d - exp_d).abs()
    err = torch.where(identical, torch.zeros_like(err), err)
    err = torch.where(torch.isnan(err), torch.full_like(err, math.inf), err)
    allowed = options.atol + options.rtol * exp_d.abs()
    # A non-finite value is only equal to itself (allowed is infinite next to an infinity).
    finite = torch.isfinite(exp_d) & torch.isfinite(act_d)
    bad = ~identical & ~(finite & (err <= allowed))
    worst = float(err.max().item())
    count = int(bad.sum().item())
    if count == 0:
        return None, worst
    flat = int(torch.where(bad, err, torch.full_like(err, -1.0)).flatten().argmax().item())
    index = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), exp_d.shape))
    where = f"[{', '.join(map(str, index))}]" if index else "(the scalar)"
    got, want = act_d.flatten()[flat].item(), exp_d.flatten()[flat].item()
    limit = float(allowed.flatten()[flat].item())
    return (
        f"{count} of {exp_d.numel()} element{'s' if exp_d.numel() != 1 else ''} differ; "
        f"greatest at {where}: {_number(got)} vs {_number(want)} "
        f"(abs diff {float(err.flatten()[flat].item()):.3g}, allowed {limit:.3g})"
    ), worst


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
