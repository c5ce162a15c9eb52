"""EXL201: `math.f(...)` of a number read out of a tensor -> `torch.f` on the tensor; a list
of tensors indexed by a tensor -> `torch.stack(...)[idx]`.

The catalogue hazard `hazard_math_sqrt_item.py` and its golden are proven with the exporters
by test_fixes_export.py; these pin the shapes of the rewrite and where it is not offered.
"""

from __future__ import annotations

import textwrap

from exportlint import lint_source
from exportlint.diagnostics import Applicability
from exportlint.fixer import fix_text


def _forward(body: str) -> str:
    return (
        "import math\nimport torch\n\n\nclass Model(torch.nn.Module):\n"
        "    def forward(self, x):\n" + textwrap.indent(textwrap.dedent(body), " " * 8)
    )


def _fixed(body: str) -> str:
    return fix_text(_forward(body), "m.py", unsafe=True).text


def test_item_read_is_dropped() -> None:
    fixed = _fixed("s = math.sqrt(x.pow(2).mean().item())  # rms\nreturn x / s\n")
    assert "s = torch.sqrt(x.pow(2).mean())  # rms" in fixed


def test_a_number_is_wrapped_so_float_and_tensor_both_work() -> None:
    fixed = _fixed("v = x.max().item()\nreturn x * math.exp(v + 1.0)\n")
    assert "torch.exp(torch.as_tensor(v + 1.0))" in fixed
    # fabs has another name in torch.
    assert "torch.abs(x.sum())" in _fixed("return x * math.fabs(x.sum().item())\n")


def test_no_twin_no_fix() -> None:
    # math.floor gives an int, torch.floor a float tensor: not the same meaning.
    source = _forward("n = math.floor(x.sum().item())\nreturn x[:n]\n")
    for diagnostic in lint_source(source, "m.py"):
        if diagnostic.code == "EXL201" and diagnostic.fix is not None:
            assert "torch.floor" not in str(diagnostic.fix)


def test_the_fix_is_unsafe() -> None:
    source = _forward("return x * math.sqrt(x.sum().item())\n")
    (diagnostic,) = [d for d in lint_source(source, "m.py") if d.code == "EXL201"]
    fixes = [diagnostic.fix, *diagnostic.alternatives]
    twins = [f for f in fixes if f is not None and "torch.sqrt" in f.description]
    assert twins and all(f.applicability is Applicability.UNSAFE for f in twins)


def test_a_list_indexed_by_a_tensor_is_stacked() -> None:
    fixed = _fixed("outs = [x * 2, x + 1]\nk = (x.mean() > 0).long()\nreturn outs[k]\n")
    assert "return torch.stack(outs)[k]" in fixed


def test_a_modulelist_or_a_python_number_index_is_not_stacked() -> None:
    number = _forward("outs = [x * 2, x + 1]\nk = int(x.sum().item())\nreturn outs[k]\n")
    modules = (
        "import torch\n\n\nclass Model(torch.nn.Module):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.experts = torch.nn.ModuleList([torch.nn.Linear(2, 2)])\n\n"
        "    def forward(self, x):\n        k = x.argmax()\n        return self.experts[k](x)\n"
    )
    for source in (number, modules):
        for diagnostic in lint_source(source, "m.py"):
            fixes = [diagnostic.fix, *diagnostic.alternatives]
            assert not any(f is not None and "torch.stack" in str(f.edits) for f in fixes)


def test_tensor_bounds_of_a_slice_write_are_read_as_numbers() -> None:
    fixed = _fixed(
        "out = x.clone()\na, b = x[0].long(), x[1].long()\nout[a:b + 1] = 0.0\nreturn out\n"
    )
    assert "out[a.item():(b + 1).item()] = 0.0" in fixed
