"""Each rule's own VALID / INVALID examples (Fixit style), run through the whole engine."""

from __future__ import annotations

import textwrap

import pytest

from exportlint import lint_source
from exportlint.checks import ALL_RULES
from exportlint.checks.base import Rule
from exportlint.fixer import fix_text

HEADER = """\
import math
import random
import time

import numpy as np
import torch
import torch.nn.functional as F


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(4, 4) for _ in range(2)])
        self.weight = torch.nn.Parameter(torch.randn(4, 4))
        self.register_buffer("running", torch.zeros(4))
        self.num_layers = 2
        self.head_dim = 64
        self.num_heads = 4
        self.pad_id = 0
        self.table = None

    def forward(self, x, y):
"""


def module(body: str) -> str:
    return HEADER + textwrap.indent(body, " " * 8) + "\n"


def cases(kind: str) -> list[tuple[type[Rule], str]]:
    return [(rule, snippet) for rule in ALL_RULES for snippet in getattr(rule, kind)]


def case_id(case: tuple[type[Rule], str]) -> str:
    return f"{case[0].code}:{case[1].splitlines()[0][:40]}"


@pytest.mark.parametrize("case", cases("INVALID"), ids=case_id)
def test_invalid_example_is_reported(case: tuple[type[Rule], str]) -> None:
    rule, body = case
    codes = [d.code for d in lint_source(module(body), "example.py")]
    assert rule.code in codes, f"{rule.code} not reported; got {codes}"


@pytest.mark.parametrize("case", cases("VALID"), ids=case_id)
def test_valid_example_is_silent(case: tuple[type[Rule], str]) -> None:
    rule, body = case
    found = [(d.line, d.code, d.message) for d in lint_source(module(body), "example.py")]
    assert not found, f"a look-alike for {rule.code} must be silent: {found}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_metadata(rule: type[Rule]) -> None:
    assert rule.code.startswith("EXL") and len(rule.code) == 6
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary
    assert len(rule.VALID) >= 1 and len(rule.INVALID) >= 1


def test_codes_are_unique() -> None:
    codes = [rule.code for rule in ALL_RULES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    "case", [(r, f) for r in ALL_RULES for f in r.FIXES], ids=lambda c: c[0].code
)
def test_fix_example(case: tuple[type[Rule], tuple[str, str]]) -> None:
    rule, (before, after) = case
    result = fix_text(module(before), "example.py", unsafe=True)
    assert result.text == module(after), result.problems
    assert fix_text(result.text, "example.py", unsafe=True).text == result.text  # idempotent
    assert rule.code not in {d.code for d in result.remaining}
