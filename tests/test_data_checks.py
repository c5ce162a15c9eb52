"""Checks that only raise, on tensor data (EXL101 -> exportlint.codemods.data_checks).

`if not torch.isfinite(t).all(): raise ...` used to become `torch._check(
torch.logical_not(not ...).item())`, which raises TypeError in eager mode; `a.any() or
b.any()`, `mask is not None and ...`, `assert not t.any()`, an `else:` that raises and a
message built before the `raise` got no fix at all. The catalogue hazards `hazard_check_*.py`
and `hazard_assert_not_nan.py` prove the rewrites with the exporters (tests/test_fixes_export.py).
"""

from __future__ import annotations

import ast
import re
import textwrap

import torch

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits, fix_text

HEADER = """\
import torch


class Model(torch.nn.Module):
    def forward(self, x, mask=None):
"""


def module(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), " " * 8) + "\n"


def fixed(text: str) -> str:
    out = fix_text(text, "m.py", unsafe=True).text
    ast.parse(out)
    return out


def exl101(text: str) -> list[Diagnostic]:
    return [d for d in lint_source(text, "m.py") if d.code == "EXL101"]


def run(text: str, *args: torch.Tensor) -> torch.Tensor:
    namespace: dict[str, object] = {}
    exec(compile(text, "m.py", "exec"), namespace)
    model = namespace["Model"]()  # type: ignore[operator]
    return model(*args)  # type: ignore[no-any-return]


def test_negated_test_checks_the_tensor_itself_and_runs_in_eager() -> None:
    text = module(
        """\
        if not torch.isfinite(x).all():
            raise RuntimeError("non-finite")
        return x * 2
        """
    )
    out = fixed(text)
    assert "torch._check(torch.isfinite(x).all().item()" in out
    assert "not torch.isfinite" not in out
    x = torch.randn(3, 4)
    assert torch.equal(run(out, x), x * 2)  # main's fix raised TypeError here
    try:
        run(out, torch.full((2, 2), float("nan")))
    except RuntimeError as error:
        assert "non-finite" in str(error)
    else:
        raise AssertionError("the check no longer raises")


def test_or_becomes_one_check_per_part() -> None:
    out = fixed(
        module(
            """\
            if torch.isnan(x).any() or torch.isinf(x).any():
                raise ValueError("bad input")
            return x
            """
        )
    )
    assert out.count("torch._check(") == 2
    assert "torch.logical_not(torch.isnan(x).any()).item()" in out
    assert "torch.logical_not(torch.isinf(x).any()).item()" in out
    assert not exl101(out)


def test_python_part_of_an_and_stays_an_if_around_the_check() -> None:
    out = fixed(
        module(
            """\
            if mask is not None and (mask.sum(-1) == 0).any():
                raise ValueError("empty row")
            return x
            """
        )
    )
    assert re.search(r"if mask is not None:\n\s+torch\._check\(", out)
    mask = torch.ones(2, 3, dtype=torch.bool)
    x = torch.randn(2, 3)
    assert torch.equal(run(out, x, mask), x)
    assert torch.equal(run(out, x), x)  # no mask: no check, as before


def test_assert_not_and_else_raise() -> None:
    out = fixed(
        module(
            """\
            assert not torch.isnan(x).any(), "nan"
            if (x > 0).all():
                y = x.log()
            else:
                raise ValueError("negative")
            return y
            """
        )
    )
    assert "torch.logical_not(torch.isnan(x).any()).item()" in out
    assert "torch._check((x > 0).all().item()" in out
    assert "else" not in out and "raise" not in out
    x = torch.rand(3, 2) + 0.5
    assert torch.equal(run(out, x), x.log())


def test_message_built_before_the_raise_moves_into_a_function() -> None:
    out = fixed(
        module(
            """\
            if (x >= 10).any():
                # name the bad values
                bad = x[x >= 10]
                raise IndexError(f"out of range: {bad.tolist()}")
            return x
            """
        )
    )
    assert "def _failure_message():" in out
    assert "# name the bad values" in out
    assert 'return f"out of range: {bad.tolist()}"' in out
    assert ", _failure_message)" in out
    try:
        run(out, torch.tensor([1.0, 12.0]))
    except RuntimeError as error:
        assert "out of range: [12.0]" in str(error)
    else:
        raise AssertionError("the check no longer raises")


def test_candidates_in_order_and_comments_kept() -> None:
    text = module(
        """\
        # before
        if (x < 0).any():  # on the if
            # before the raise
            raise ValueError("negative")  # on the raise
        return x.sqrt()
        """
    )
    [diagnostic] = exl101(text)
    fixes = [diagnostic.fix, *diagnostic.alternatives]
    assert all(f is not None and f.applicability is Applicability.UNSAFE for f in fixes)
    texts = [apply_edits(text, list(f.edits)) for f in fixes if f is not None]
    assert "torch._check(" in texts[0]
    assert "torch._assert_async(torch.logical_not((x < 0).any())" in texts[1]
    assert "if not torch.compiler.is_exporting() and (x < 0).any():" in texts[2]
    for out in texts:
        for comment in ("# before", "# on the if", "# before the raise", "# on the raise"):
            assert comment in out, (comment, out)


def test_python_checks_are_left_alone() -> None:
    text = module(
        """\
        if mask is not None and mask.dtype != torch.bool:
            raise TypeError("mask must be boolean")
        if x.dim() != 2:
            raise ValueError("rank")
        return x
        """
    )
    assert not exl101(text)
    assert fixed(text) == text
