"""`torch.distributions` objects built in traced code that validate their arguments.

With validation on (the default, `__debug__`), the constructor and `log_prob` check their
arguments with `if not constraint.check(value).all(): raise ValueError(...)`: a Python `if`
on tensor data, which torch.export cannot decide (GuardOnDataDependentSymNode, measured on
torch 2.13 for Normal, Categorical and the look-alike of stable-baselines3's policy). Built
from Python numbers (`Normal(0, 1).icdf(p)`, `Gumbel(0, 1).rsample(shape)`) it exports.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind

_PACKAGE = "torch.distributions."
# Submodules that hold no distributions (constraints, transforms, helpers).
_NOT_DISTRIBUTIONS = (".constraints.", ".constraint_registry.", ".transforms.", ".utils.", ".kl.")


def validating_distribution(event: events.Call, lines: Sequence[str]) -> str | None:
    """The distribution class `event` builds with validation on, or None."""
    name = event.qualname or ""
    if not name.startswith(_PACKAGE) or any(part in name for part in _NOT_DISTRIBUTIONS):
        return None
    short = name.rsplit(".", 1)[-1]
    if not short[:1].isupper() or short in ("Distribution", "ExponentialFamily", "Transform"):
        return None
    for keyword in event.node.keywords:
        if keyword.arg == "validate_args":
            value = keyword.value
            # A variable may well be False: only a literal True (or None: the default) counts.
            if not (isinstance(value, ast.Constant) and value.value in (True, None)):
                return None
    # Built from Python numbers (`Normal(0, 1)`), the checks run on constants and pass at
    # trace time (measured); only tensor parameters make them data-dependent.
    parameters = [*event.args, *(v for k, v in event.kwargs.items() if k != "validate_args")]
    # A parameter the analysis cannot see (`mu, log_std = self.net(x).chunk(2, -1)` with a
    # network built by a helper) is a tensor in practice: Python numbers are STATIC.
    if not any(
        v.kind in (Kind.TENSOR, Kind.DATA, Kind.UNKNOWN) and not v.is_none and not v.is_container
        for v in parameters
    ):
        return None
    if any("set_default_validate_args" in line for line in lines):
        return None  # the file turns validation off (Distribution.set_default_validate_args)
    return short
