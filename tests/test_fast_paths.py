"""Fast paths on tensor data that only set a name to a constant (EXL101 ->
exportlint.codemods.fast_paths): `if (mask == 1).all(): mask = None` got no fix (torch.cond
cannot return None). The catalogue hazards `hazard_fast_path_*.py` prove the first candidate
with the exporters (tests/test_fixes_export.py)."""

from __future__ import annotations

import ast
import textwrap

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits

HEADER = """\
import torch


class Model(torch.nn.Module):
    def forward(self, x, mask):
"""


def module(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), " " * 8) + "\n"


def diagnostic(text: str) -> Diagnostic:
    [found] = [d for d in lint_source(text, "m.py") if d.code == "EXL101"]
    return found


def candidates(text: str) -> list[str]:
    found = diagnostic(text)
    fixes = [f for f in (found.fix, *found.alternatives) if f is not None and f.edits]
    assert all(f.applicability is Applicability.UNSAFE for f in fixes)
    outs = [apply_edits(text, list(f.edits)) for f in fixes]
    for out in outs:
        ast.parse(out)
    return outs


def test_mask_set_to_none_is_skipped_under_export_then_dropped() -> None:
    text = module(
        """\
        # nothing padded
        if (mask == 1).all():  # shortcut
            mask = None  # no mask
        if mask is not None:
            x = x * mask
        return x
        """
    )
    skip, drop = candidates(text)
    assert "if not torch.compiler.is_exporting() and (mask == 1).all():  # shortcut" in skip
    assert "mask = None" not in drop and "(mask == 1).all()" not in drop
    for comment in ("# nothing padded", "# shortcut", "# no mask"):
        assert comment in drop


def test_else_block_is_the_general_path_kept_unwrapped() -> None:
    text = module(
        """\
        if mask.all():
            bias = None
        else:
            bias = (~mask).to(x.dtype) * -1e4
        if bias is not None:
            x = x + bias
        return x
        """
    )
    skip, drop = candidates(text)
    assert "if not torch.compiler.is_exporting() and mask.all():" in skip
    assert "else" not in drop
    assert "        bias = (~mask).to(x.dtype) * -1e4\n        if bias is not None:" in drop


def test_two_constants_are_a_choice_not_a_fast_path() -> None:
    text = module(
        """\
        if mask.all():
            scale = 1.0
        else:
            scale = 0.5
        return x * scale
        """
    )
    found = diagnostic(text)
    descriptions = [f.description for f in (found.fix, *found.alternatives) if f is not None]
    assert not any("fast path" in d for d in descriptions)
