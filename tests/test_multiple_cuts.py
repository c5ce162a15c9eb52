"""A slice to a size rounded down to a multiple (EXL102), decided by the traced example.

Measured on torch 2.13 (table in rules/EXL102-shape-condition/README.md): the exported program
refuses the sizes of the other class than the traced one (multiple / not a multiple of `k`),
the ONNX model is right on all. So the lint reports a cut traced at a multiple, and one traced
at a non-multiple only when a later input set of the file is a multiple; it keeps reporting
when the example's size is unknown. The fix is a gather over `torch.arange(n)`. Lint and fix
text only here (no torch); the catalogue tests prove the models and the goldens for real.
"""

from __future__ import annotations

import ast
import textwrap

from exportlint.analysis.traced_sizes import static_int
from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\nfrom torch import nn\nfrom torch.export import Dim\n\n\n"

STACKER = """\
class Stack(nn.Module):
    def __init__(self, stride=4):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        b, t, d = x.shape
        n = t - t % self.stride
        x = x[:, :n, :]
        return x.reshape(b, n // self.stride, d * self.stride)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.stack = Stack()

    def forward(self, feats):
        return self.stack(feats) * 2
"""


def _file(
    sizes: list[int], body: str = STACKER, spec: str = "{0: Dim.DYNAMIC, 1: Dim.DYNAMIC}"
) -> str:
    sets = ", ".join(f"(torch.randn(2, {size}, 3),)" for size in sizes)
    return f"{HEADER}{body}\n\nexample_inputs = [{sets}]\ndynamic_shapes = ({spec},)\n"


def _cuts(text: str) -> list[Diagnostic]:
    found = lint_source(text, "model.py")
    return [d for d in found if d.code == "EXL102" and "multiple" in d.message]


def test_traced_at_a_multiple_is_reported_with_the_example() -> None:
    (found,) = _cuts(_file([8, 10, 13]))
    assert found.line == HEADER.count("\n") + 9
    assert "traced at 8" in found.message
    assert "`torch.randn(2, 8, 3)`" in found.message
    assert "not a multiple of 4" in found.message


def test_traced_at_a_non_multiple_run_on_non_multiples_is_silent() -> None:
    # Fails on main: the cut was reported whatever the example (the submodule's own run too).
    assert _cuts(_file([10, 13, 15, 9])) == []


def test_traced_at_a_non_multiple_with_a_later_multiple_is_reported() -> None:
    (found,) = _cuts(_file([10, 13, 12]))
    assert "traced at 10" in found.message
    assert "such as 12 (input set 2)" in found.message


def test_unknown_example_size_keeps_reporting() -> None:
    # No example inputs: the traced size is not known, the cut stays reported as before.
    text = HEADER + STACKER
    assert len(_cuts(text)) == 1
    # An example built by a helper: the size is not readable either.
    unreadable = _file([10]).replace("torch.randn(2, 10, 3)", "make(10)")
    assert len(_cuts("def make(n):\n    return torch.randn(2, n, 3)\n\n\n" + unreadable)) == 1


def test_multiple_not_known_keeps_reporting() -> None:
    # `Stack(stride=s)` with a parameter without a default (the text does not decide it):
    # k is unknown, reported.
    body = STACKER.replace("self.stack = Stack()", "self.stack = Stack(stride=s)")
    body = body.replace(
        "def __init__(self):\n        super().__init__()\n        self.stack",
        "def __init__(self, s):\n        super().__init__()\n        self.stack",
    )
    assert len(_cuts(_file([10, 13], body))) == 1


def test_constructor_argument_decides_the_multiple() -> None:
    # Stack(stride=5): traced at 10 is a multiple of 5 -> reported; of the default 4 it is not.
    body = STACKER.replace("self.stack = Stack()", "self.stack = Stack(stride=5)")
    (found,) = _cuts(_file([10, 13], body))
    assert "a multiple of 5" in found.message


def test_fix_is_a_gather_over_arange_and_safe() -> None:
    text = _file([8, 10, 13])
    (found,) = _cuts(text)
    assert found.fix is not None and found.fix.applicability is Applicability.SAFE
    fixed = fix_text(text, "model.py", unsafe=False).text
    assert "x = x.index_select(1, torch.arange(n, device=x.device))" in fixed
    assert _cuts(fixed) == []
    ast.parse(fixed)


def test_fix_of_ellipsis_cut_counts_from_the_end_and_keeps_comments() -> None:
    body = textwrap.dedent(
        """\
        class Model(nn.Module):
            hop = 4

            def forward(self, wave):
                n = wave.shape[-1]
                wave = wave[..., : n // self.hop * self.hop]  # frames
                return wave.unflatten(-1, (-1, self.hop)).mean(-1)
        """
    )
    examples = "example_inputs = [(torch.randn(2, 12),), (torch.randn(2, 14),)]\n"
    text = f"{HEADER}{body}\n{examples}dynamic_shapes = ({{1: Dim.DYNAMIC}},)\n"
    (found,) = _cuts(text)
    assert "traced at 12" in found.message
    fixed = fix_text(text, "model.py", unsafe=True).text
    assert "wave = wave.index_select(\n" in fixed
    assert "-1, torch.arange(n // self.hop * self.hop, device=wave.device)" in fixed
    assert ")  # frames\n" in fixed
    assert _cuts(fixed) == []


def test_fix_is_unsafe_when_the_cut_is_written_in_place() -> None:
    body = STACKER.replace(
        "        x = x[:, :n, :]\n", "        x = x[:, :n, :]\n        x[:, 0] = 0.0\n"
    )
    (found,) = _cuts(_file([8, 10], body))
    assert found.fix is not None and found.fix.applicability is Applicability.UNSAFE
    assert "in place" in found.fix.description


def test_cut_with_a_lower_bound_or_other_cut_axes_is_not_rewritten() -> None:
    body = STACKER.replace("x = x[:, :n, :]", "x = x[:, :n, 1:]")
    (found,) = _cuts(_file([8, 10], body))
    assert found.fix is not None and not found.fix.edits


def _static(source: str, name: str) -> int | None:
    tree = ast.parse(textwrap.dedent(source))
    target = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Name | ast.Attribute)
        and ast.unparse(n) == name
        and isinstance(getattr(n, "ctx", None), ast.Load)
        and getattr(n, "lineno", 0)
        == max(m.lineno for m in ast.walk(tree) if isinstance(m, ast.Return))
    )
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    return static_int(target, lambda node: parents.get(id(node)), tree)


def test_static_int_reads_literals_constants_attributes_and_defaults() -> None:
    assert _static("K = 4\ndef f(x):\n    return K\n", "K") == 4
    assert _static("def f(x):\n    k = 3\n    return k\n", "k") == 3
    assert _static("def f(x, k=3):\n    return k\n", "k") is None  # a parameter: not decided
    cls = """\
class M:
    size = 6
    def __init__(self, stride=2, other=None):
        self.stride = stride
        self.pair = (1, 2)
    def forward(self, x):
        return self.stride, self.size, self.pair
"""
    assert _static(cls, "self.stride") == 2
    assert _static(cls, "self.size") == 6
    assert _static(cls, "self.pair") is None
    assert _static(cls + "m = M(3)\n", "self.stride") == 3
    assert _static(cls + "m = M(stride=3)\nn = M(stride=5)\n", "self.stride") is None
    assert _static(cls + "m = M(**cfg)\n", "self.stride") is None


def test_narrow_to_a_multiple_is_reported_and_fixed() -> None:
    # Fails on main: `x.narrow(1, 0, n)` guards like the slice (measured) and was not reported.
    body = STACKER.replace("x = x[:, :n, :]", "x = x.narrow(1, 0, n)")
    (found,) = _cuts(_file([8, 13], body))
    assert "traced at 8" in found.message
    fixed = fix_text(_file([8, 13], body), "model.py", unsafe=False).text
    assert "x = x.index_select(1, torch.arange(n, device=x.device))" in fixed
    assert _cuts(_file([9, 13], body)) == []  # traced at a non-multiple, run on non-multiples


# The stride handed down through constructors: `Model(stride=4)` -> `Stack(stride)`.
FORWARDED = STACKER.replace("    def __init__(self, stride=4):", "    def __init__(self, stride):")
FORWARDED = FORWARDED.replace(
    "    def __init__(self):\n        super().__init__()\n        self.stack = Stack()",
    "    def __init__(self, width=3, stride=4):\n        super().__init__()\n"
    "        self.stack = Stack(stride)",
)


def test_a_stride_passed_down_constructors_is_read() -> None:
    assert "Stack(stride)" in FORWARDED
    # Traced at a non-multiple of 4, every input set a non-multiple: silent.
    assert _cuts(_file([9, 10, 13], body=FORWARDED)) == []
    # Traced at a multiple of 4: reported, with the stride read through both constructors.
    (found,) = _cuts(_file([8, 10, 13], body=FORWARDED))
    assert "a multiple of 4" in found.message


def test_a_forwarded_parameter_rebound_in_the_outer_init_is_not_read() -> None:
    rebound = FORWARDED.replace(
        "        self.stack = Stack(stride)",
        "        stride = stride * 2\n        self.stack = Stack(stride)",
    )
    # The stride is no longer known: reported with the message that does not name it.
    (found,) = _cuts(_file([9, 10, 13], body=rebound))
    assert "a multiple of" not in found.message.split("rounded down")[1]
