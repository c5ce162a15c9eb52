"""The counts of a logarithm of a size made an int come in one order (codemods/log_counts.py)
in both rules that offer them: EXL301 (on the `int(...)`) and EXL302 (on the `math.log`)."""

from __future__ import annotations

import pytest

from exportlint.diagnostics import Diagnostic
from exportlint.engine import lint_source

_FLOAT64 = "Compute the count in the graph on a float64 0-d tensor"
_THRESHOLDS = "Count in integer arithmetic: the number of thresholds"
_POWERS = "Compute floor(log2(n)) in integer arithmetic: count the powers of 2"


def _diagnostics(line: str) -> dict[str, Diagnostic]:
    text = (
        "import math\n\nimport torch\n\n\n"
        "class Model(torch.nn.Module):\n    def __init__(self, factor=1):\n"
        "        super().__init__()\n        self.factor = factor\n\n"
        f"    def forward(self, x):\n        n = x.shape[1]\n        k = {line}\n"
        "        return x[:, :k]\n"
    )
    found = {d.code: d for d in lint_source(text, "m.py")}
    assert "EXL302" in found, found
    return found


def _descriptions(diagnostic: Diagnostic) -> list[str]:
    return [fix.description for fix in diagnostic.fixes]


@pytest.mark.parametrize(
    "line", ["int(self.factor * math.log(n))", "math.floor(math.log(n) * self.factor)"]
)
def test_exl302_offers_the_float64_count_then_the_count_of_thresholds(line: str) -> None:
    offered = _descriptions(_diagnostics(line)["EXL302"])
    assert len(offered) == 2, offered
    assert offered[0].startswith(_FLOAT64), offered
    assert offered[1].startswith(_THRESHOLDS), offered


def test_exl301_and_exl302_share_the_order_of_the_counts() -> None:
    found = _diagnostics("int(self.factor * math.log(n))")
    # EXL301's later candidates (torch.sym_int) are its own; the counts lead both lists.
    assert _descriptions(found["EXL301"])[:2] == _descriptions(found["EXL302"])


def test_exl302_puts_the_exact_integer_log_before_the_counts() -> None:
    offered = _descriptions(_diagnostics("int(math.log2(n))")["EXL302"])
    assert offered[0].startswith(_POWERS), offered
    assert offered[1].startswith(_FLOAT64), offered
