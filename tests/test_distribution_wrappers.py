"""`validate_args=False` reaches the distribution built around the flagged one
(exportlint.codemods.validation): TransformedDistribution and MixtureSameFamily check the
sample given to `log_prob` themselves, so the inner one alone still does not export (measured
on torch 2.13). The catalogue hazard `hazard_distribution_tanh_squash.py` proves it with the
exporters (tests/test_fixes_export.py)."""

from __future__ import annotations

import ast

from exportlint.fixer import fix_text

HEADER = """\
import torch
from torch.distributions import Independent, Normal, TransformedDistribution
from torch.distributions.transforms import TanhTransform


class Model(torch.nn.Module):
    def forward(self, x, a):
"""


def fixed(body: str) -> str:
    out = fix_text(HEADER + body, "m.py", unsafe=True).text
    ast.parse(out)
    return out


def test_direct_wrapper_gets_the_keyword_too() -> None:
    out = fixed(
        "        d = TransformedDistribution(Normal(x, x.exp()), [TanhTransform()])  # keep\n"
        "        return d.log_prob(a)\n"
    )
    assert (
        "TransformedDistribution(Normal(x, x.exp(), validate_args=False), [TanhTransform()], "
        "validate_args=False)  # keep" in out
    )


def test_wrapper_through_a_name() -> None:
    out = fixed(
        "        base = Normal(x, x.exp())\n"
        "        d = TransformedDistribution(base, [TanhTransform()])\n"
        "        return d.log_prob(a)\n"
    )
    assert "base = Normal(x, x.exp(), validate_args=False)\n" in out
    assert "TransformedDistribution(base, [TanhTransform()], validate_args=False)\n" in out


def test_a_wrapper_that_already_does_not_validate_is_left_alone() -> None:
    out = fixed(
        "        d = Independent(Normal(x, x.exp()), 1, validate_args=flag)\n"
        "        return d.log_prob(a)\n"
    )
    assert "Independent(Normal(x, x.exp(), validate_args=False), 1, validate_args=flag)" in out
