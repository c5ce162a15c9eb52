"""Small helpers of the torch side (worker process only): seeding, quiet, error lines,
pytree leaves and clones, pristine model copies."""

from __future__ import annotations

import contextlib
import copy
import logging
import re
import warnings
from collections.abc import Iterator
from typing import Any

import torch
from torch.utils import _pytree as pytree

# Every model runs from the same seed so that torch.rand* inside forward gives the same
# values in eager and in ep.module(). Python's `random` is NOT seeded: host nondeterminism
# baked at trace time is a hazard to show.
TORCH_SEED = 0
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

InputSet = tuple[tuple[Any, ...], dict[str, Any]]


def leaves(tree: Any) -> list[Any]:
    # torch.onnx drops None outputs: an absent value is not a difference.
    return [v for v in pytree.tree_leaves(tree) if v is not None]


def clone(tree: Any) -> Any:
    return pytree.tree_map(lambda v: v.detach().clone() if isinstance(v, torch.Tensor) else v, tree)


def fresh(model: torch.nn.Module) -> torch.nn.Module:
    """A pristine copy in eval mode: state mutated by one forward (or by tracing) cannot leak
    into the next, and dropout is off."""
    try:
        duplicate = copy.deepcopy(model)
    except Exception:  # exotic attributes; fall back to the shared instance
        duplicate = model
    return duplicate.eval()


def as_in_a_new_process() -> None:
    """Undo the process-wide switches an earlier trace left behind, so that an export here
    behaves as the user's own script does in a new process.

    The first torch.compile in a process calls
    `torch._dynamo.eval_frame.TorchPatcher.patch`, which turns off `torch.distributions`
    argument validation for the whole process (torch 2.13). A warm worker that has traced once
    would then export a model whose `Normal(...)` validation fails a fresh `torch.export`.
    """
    torch.distributions.Distribution.set_default_validate_args(__debug__)


@contextlib.contextmanager
def seeded() -> Iterator[None]:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(TORCH_SEED)
        yield


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """No warnings or WARNING-level logs (torch.onnx logs one line per skipped op)."""
    previous = logging.root.manager.disable
    logging.disable(max(previous, logging.WARNING))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)


def describe(exc: BaseException) -> str:
    """One line: the outer error type plus the innermost cause's first line."""
    inner = exc
    while inner.__cause__ is not None:
        inner = inner.__cause__
    text = _ADDRESS.sub("", _ANSI.sub("", str(inner)))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    if first.endswith(":") and len(lines) > 1:
        first = f"{first} {lines[1]}"
    if first.startswith("Constraints violated"):
        # "...! For more information, run with TORCH_LOGS=..." says nothing; the reason
        # ("You marked L['x'].size()[1] as dynamic but your code specialized it to be a
        # constant (3).") is on the next line.
        first = first.split("! For more information")[0] + "!"
        reason = next((ln for ln in lines[1:] if ln.startswith("- ")), "")
        if reason:
            first = f"{first} {reason[2:].split('. ')[0].rstrip('.')}."
    if len(first) > 300:
        first = first[:297] + "..."
    kind = type(exc).__name__
    if inner is not exc:
        kind = f"{kind}: {type(inner).__name__}"
    return f"{kind}: {first}" if first else kind
