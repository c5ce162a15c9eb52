"""EXL102: a check that pins a dynamic size to a constant (`if x.shape[-1] != self.frames:`
warn or raise) is skipped while exporting. The catalogue hazard
`hazard_length_check_pins_dynamic_axis.py` and its golden are proven by test_fixes_export.py."""

from __future__ import annotations

from exportlint import lint_source
from exportlint.diagnostics import Applicability
from exportlint.fixer import fix_text

SOURCE = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    frames = 12

    def forward(self, spec):
        if spec.shape[1] != self.frames:  # the check
            msg = f"expected {self.frames} frames"
            raise ValueError(msg)
        return torch.relu(spec * 2)


example_inputs = [(torch.randn(2, 12),), (torch.randn(3, 15),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
"""


def test_a_raising_check_is_skipped_while_exporting() -> None:
    (diagnostic,) = [d for d in lint_source(SOURCE, "m.py") if d.code == "EXL102"]
    assert diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.UNSAFE
    fixed = fix_text(SOURCE, "m.py", unsafe=True).text
    assert (
        "if not torch.compiler.is_exporting() and spec.shape[1] != self.frames:  # the check"
        in fixed
    )


def test_a_check_that_computes_is_left_alone() -> None:
    source = SOURCE.replace(
        "            raise ValueError(msg)\n", "            spec = spec[:, :12]\n"
    )
    for diagnostic in lint_source(source, "m.py"):
        if diagnostic.code == "EXL102" and diagnostic.fix is not None:
            assert "is_exporting" not in diagnostic.fix.description
