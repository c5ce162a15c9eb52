"""guards4: fixes written by the codemods that failed their proof on real model code.

A scaled logarithm of a dynamic size made an int (`int(self.factor * math.log(length))`,
Autoformer's count of delays) was fixed to a 0-d tensor log made an int, which export then
reads as a float out of a tensor (`Could not guard on data-dependent expression zuf0` at
`torch.topk`). It is now a count of thresholds in integer arithmetic
(codemods/scaled_logs.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from exportlint.fixer import fix_text
from tests.test_guard_followups import CASES, _fix_verify


def _fixed(body: str) -> str:
    """`body` (a forward's lines, with `x` of dynamic length) fixed with --unsafe-fixes."""
    text = (
        "import math\n\nimport torch\nfrom torch.export import Dim\n\n\n"
        "class Model(torch.nn.Module):\n    def __init__(self, factor=1):\n"
        "        super().__init__()\n        self.factor = factor\n\n"
        "    def forward(self, x):\n        n = x.shape[1]\n" + body + "\n\n"
        "dynamic_shapes = ({1: Dim.DYNAMIC},)\n"
    )
    return fix_text(text, "m.py", unsafe=True).text


def _count(fixed: str) -> str:
    """The expression assigned to `k` in `fixed`."""
    line = next(line for line in fixed.splitlines() if line.strip().startswith("k = "))
    return line.split("k = ", 1)[1].split("  #")[0]


@pytest.mark.parametrize(
    ("spelling", "reference"),
    [
        ("int(self.factor * math.log(n))", lambda n, c: int(c * math.log(n))),
        ("int(math.log(n) * self.factor)", lambda n, c: int(c * math.log(n))),
        ("math.floor(math.log2(n) * self.factor)", lambda n, c: math.floor(c * math.log2(n))),
        ("math.ceil(self.factor * math.log(n, 3))", lambda n, c: math.ceil(c * math.log(n, 3))),
        ("int(0.5 * math.log10(n))", lambda n, c: int(0.5 * math.log10(n))),
    ],
)
def test_a_scaled_log_becomes_a_count_with_the_same_values(spelling, reference) -> None:  # type: ignore[no-untyped-def]
    fixed = _fixed(f"        k = {spelling}\n        return x[:, :k]")
    count = _count(fixed)
    assert count.startswith("torch.sym_sum([torch.sym_min(") and "math.log" not in count, fixed
    # In eager torch.sym_min/sym_max are min/max of ints: the count equals the float original
    # wherever c * log(n) is not within rounding of an integer.
    scope = {"math": math, "torch": type("T", (), {"sym_min": min, "sym_max": max, "sym_sum": sum})}
    for factor in (1, 3, 0.7):
        for n in [*range(1, 3000), 2**20 + 7, 10**9 + 9, 2**31]:
            exact = reference(n, factor if "self.factor" in spelling else 0.5)
            names = {**scope, "n": n, "self": type("S", (), {"factor": factor})}
            assert eval(count, names) == exact, (spelling, factor, n)


@pytest.mark.parametrize(
    "spelling",
    [
        "int(self.scale() * math.log(n))",  # a call: repeated per term, not offered
        "int(-2 * math.log(n))",  # a scale that is not positive
        "int(self.factor * math.log(n) + 1)",  # not a product made an int
        "self.factor * math.log(n)",  # a float: not made an int
    ],
)
def test_no_count_where_it_would_not_be_the_same_number(spelling: str) -> None:
    fixed = _fixed(f"        k = {spelling}\n        return x * k")
    assert "sym_min(" not in fixed, fixed


def test_a_scaled_log_of_a_config_number_is_left_alone() -> None:
    root = Path(__file__).resolve().parent.parent
    safe = root / "rules" / "EXL302-shape-math" / "safe_scaled_log_config_top_k.py"
    text = safe.read_text(encoding="utf-8")
    assert fix_text(text, str(safe), unsafe=True).text == text


@pytest.mark.export
def test_fix_verify_writes_the_count_of_delays_and_it_exports(tmp_path: Path) -> None:
    """Fails on main: the 0-d tensor log made an int guards on zuf0 at torch.topk."""
    name = "delay_top_k.py"
    out = _fix_verify(tmp_path, name)
    assert f"{name} [EXL301]: verified" in out or f"{name}: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "top_k = int(self.factor * math.log(length))" not in fixed, fixed
    assert "top_k = torch.sym_sum([torch.sym_min(" in fixed, fixed
    assert "# find top k" in fixed
    assert fixed != (CASES / name).read_text(encoding="utf-8")
