"""Hazard kinds and guards of issue 9: iteration without `for`, tensor annotations, and the
branches torch.export does not trace (`torch.compiler.is_exporting()` and the like)."""

from __future__ import annotations

import textwrap

import pytest

from exportlint.engine import lint_source


def _codes(body: str, params: str = "self, x") -> list[tuple[int, str]]:
    source = "import torch\nfrom typing import Optional\n\n\nclass M(torch.nn.Module):\n"
    source += f"    def forward({params}):\n" + textwrap.indent(textwrap.dedent(body), " " * 8)
    return [(d.line - 6, d.code) for d in lint_source(source, "m.py")]


@pytest.mark.parametrize(
    "body",
    [
        "first, *rest = x\nreturn first",
        "rows = [*x]\nreturn rows[0]",
        "return torch.stack(list(map(torch.relu, x)))",
        "return sum(x)",
        "return torch.stack(tuple(x))",
    ],
)
def test_iterating_a_tensor_without_for(body: str) -> None:
    assert (1, "EXL401") in _codes(body)


@pytest.mark.parametrize(
    "body",
    [
        "first, *rest = x.unbind(0)\nreturn first",
        "q, *rest = x.shape\nreturn x.view(q, -1)",
        "rows = [*self.layers]\nreturn x",
        "return torch.stack(list(map(torch.relu, [x, x])))",
    ],
)
def test_iterating_lists_and_shapes_is_fine(body: str) -> None:
    assert not [c for _, c in _codes(body) if c == "EXL401"]


@pytest.mark.parametrize(
    "annotation",
    [
        "torch.IntTensor",
        "torch.HalfTensor",
        "torch.BFloat16Tensor",
        "Optional[torch.LongTensor]",
        "torch.FloatTensor | None",
    ],
)
def test_tensor_annotations(annotation: str) -> None:
    found = _codes("if ids.sum() > 0:\n    return x\nreturn -x", f"self, x, ids: {annotation}")
    assert (1, "EXL101") in found


@pytest.mark.parametrize(
    "test",
    [
        "torch.compiler.is_exporting()",
        "torch.compiler.is_compiling()",
        "torch._dynamo.is_compiling()",
        "torch.compiler.is_exporting() or x.sum() > 0",
    ],
)
def test_branch_not_taken_while_exporting_is_not_traced(test: str) -> None:
    body = f"if {test}:\n    y = torch.where(x.sum() > 0, x, -x)\nelse:\n"
    body += "    y = x if x.sum() > 0 else -x\nreturn y"
    assert _codes(body) == []
    negated = f"if not ({test}):\n    y = x if x.sum() > 0 else -x\nelse:\n    y = x\nreturn y"
    assert _codes(negated) == []


def test_jit_is_tracing_is_not_an_export_guard() -> None:
    body = "if torch.jit.is_tracing():\n    y = x\nelse:\n    y = x if x.sum() > 0 else -x\n"
    assert (4, "EXL101") in _codes(body + "return y")


CUSTOM = """\
import torch


@torch.library.custom_op("demo::scale", mutates_args=())
def scale(x: torch.Tensor) -> torch.Tensor:
    return x * 2
{fake}

class M(torch.nn.Module):
    def forward(self, x):
        a = scale(x)
        b = torch.ops.demo.other(x)
        return torch.ops.aten.add.Tensor(a, b)
"""


def test_custom_operators() -> None:
    from exportlint.config import Settings

    found = lint_source(CUSTOM.format(fake=""), "m.py")
    messages = {d.line: d.message for d in found if d.code == "EXL403"}
    assert set(messages) == {11, 12}
    assert "no fake" in messages[11] and "no translation" in messages[12]
    fake = "\n\n@scale.register_fake\ndef _(x):\n    return torch.empty_like(x)\n"
    with_fake = [d for d in lint_source(CUSTOM.format(fake=fake), "m.py") if d.code == "EXL403"]
    assert all("no translation" in d.message for d in with_fake) and len(with_fake) == 2
    settings = Settings(onnx_translated_ops=("demo::scale", "demo::other"))
    assert not [
        d for d in lint_source(CUSTOM.format(fake=fake), "m.py", settings) if d.code == "EXL403"
    ]


def test_torch_check_facts_hold_through_arithmetic() -> None:
    body = (
        "a = x.item()\ntorch._check(a >= 10)\n"
        "if a // 2 >= 5:\n    x = x + 1\n"
        "if a * 2 + 1 > 20:\n    x = x + 1\n"
        "if a // 2 > 5:\n    x = x - 1\n"
        "return x"
    )
    assert _codes(body) == [(7, "EXL101")]  # only the test the fact does not settle


def test_raise_guard_on_how_many_elements_a_mask_selects() -> None:
    body = (
        "sel = x[x > 0]\n"
        "if sel.numel() == 0:\n    raise ValueError('empty')\n"
        "if torch.numel(sel) > 3:\n    raise ValueError('many')\n"
        "if x.numel() == 0:\n    raise ValueError('empty input')\n"
        "return sel"
    )
    assert [c for c in _codes(body) if c[1] == "EXL101"] == [(2, "EXL101"), (4, "EXL101")]


def test_example_inputs_read_through_module_level_names() -> None:
    source = (
        "import torch\n\n\nclass M(torch.nn.Module):\n"
        "    def forward(self, sizes, x):\n"
        "        if sizes[0] > 2:\n            x = x + 1\n"
        "        if x.sum() > 0:\n            x = x + 1\n"
        "        return x\n\n\n"
        "sizes = (3, 4)\nx = torch.randn(2, 3)\ninputs = (sizes, x)\nexample_args = inputs\n"
    )
    assert [(d.line, d.code) for d in lint_source(source, "m.py")] == [(8, "EXL101")]


RESHAPED = """\
import torch


class M(torch.nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_heads
        self.head_dim = config.hidden // config.num_heads

    def forward(self, x):
        b, s, _ = x.shape
        q = x.view(b, s, self.num_heads, self.head_dim).transpose(1, 2)
        if q.shape[1] != 4:
            x = x + 1
        if q.shape[2] > 4:
            x = x + 1
        r = x.reshape((-1, self.head_dim))
        if r.shape[0] > 2:
            x = x + 1
        if r.shape[-1] > 2:
            x = x + 1
        planes = x.reshape(s, 3, self.num_heads, -1).permute(1, 2, 0, 3)
        for plane in planes.unbind(0):
            x = x + plane.sum()
        return x
"""


def test_dimensions_a_reshape_spells_out_keep_their_kind() -> None:
    found = [(d.line, d.code) for d in lint_source(RESHAPED, "m.py")]
    # The heads / head_dim / q-k-v axes are static; the sequence and the inferred -1 are not.
    assert found == [(15, "EXL102"), (18, "EXL102")]


SWIN = """\
import torch
from torch import nn


class Merge(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
        height, width = size
        if height % 2 == 1:
            x = x[:, :-1]
        return self.proj(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.merge = Merge()

    def forward(self, pixels):
        _, _, height, width = pixels.shape
        return self.merge(pixels.flatten(2), {size})
"""


def test_sizes_passed_into_a_submodule_keep_the_callers_kind() -> None:
    found = [(d.line, d.code) for d in lint_source(SWIN.format(size="(height, width)"), "m.py")]
    assert found == [(12, "EXL102")]
    # A constant size: the annotation `int` holds, nothing to report.
    assert lint_source(SWIN.format(size="(4, 4)"), "m.py") == []


DECLARED = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x, mask):
        if x.shape[1] > 4:
            x = x * 2
        if x.shape[0] > 4:
            x = x * 3
        if mask.shape[0] > 2:
            x = x + 1
        return x


example_inputs = [(torch.randn(3, 8), torch.ones(3)), (torch.randn(5, 8), torch.ones(3))]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
"""


def test_dynamic_shapes_of_the_file_decide_which_axes_are_dynamic() -> None:
    # Axis 1 of x and every axis of mask are static: only the batch test is reported.
    assert [(d.line, d.code) for d in lint_source(DECLARED, "m.py")] == [(9, "EXL102")]


def test_comparing_whole_shapes_compares_sizes() -> None:
    body = "if x.shape != y.shape:\n    y = y.expand_as(x)\nreturn x + y"
    assert _codes(body, "self, x, y") == [(1, "EXL102")]
    static = "if self.weight.shape != (4, 4):\n    x = x * 2\nreturn x"
    assert _codes(static) == []
