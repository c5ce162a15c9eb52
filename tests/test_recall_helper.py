"""The recall helper's kinds and precision fixes (issue 9): each flagged case has look-alikes
that must stay silent. Lint only; the catalogue proves the new cases with real exports."""

from __future__ import annotations

import textwrap

import pytest

from exportlint import lint_source

HEADER = """\
import random

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


"""


def codes(source: str) -> list[tuple[int, str]]:
    text = HEADER + textwrap.dedent(source)
    offset = HEADER.count("\n")
    return [(d.line - offset, d.code) for d in lint_source(text, "model.py")]


def model(body: str, args: str = "x") -> str:
    return (
        "class Model(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.layers = nn.ModuleList(nn.Linear(4, 4) for _ in range(2))\n"
        "        self.layerdrop = 0.1\n"
        f"    def forward(self, {args}):\n" + textwrap.indent(textwrap.dedent(body), "        ")
    )


FLAGGED = {
    "integer remainder by a size": ("i = x.argmax(-1) - 1\nreturn i % x.shape[-1]\n", "EXL404"),
    "size remainder by an integer tensor": (
        "i = x.argmax(-1) + 1\nreturn x.shape[-1] % i\n",
        "EXL404",
    ),
    "topk indices remainder by a product of sizes": (
        "_, inds = torch.topk(x.flatten(1), 3)\nreturn inds % (x.shape[0] * x.shape[1])\n",
        "EXL404",
    ),
    "torch.remainder of a long tensor": (
        "i = x.long()\nreturn torch.remainder(i, x.size(1))\n",
        "EXL404",
    ),
    "random draw read outside training": (
        "p = random.uniform(0, 1)\nreturn x * p\n",
        "EXL502",
    ),
    "random draw read in eval too": (
        "p = random.uniform(0, 1)\nif self.training and p < 0.5:\n    return x\nreturn x * p\n",
        "EXL502",
    ),
    "tensor test before self.training": (
        "if torch.rand([]) < self.layerdrop and self.training:\n    return x\nreturn x * 2\n",
        "EXL101",
    ),
    "size compared with 3": ("if x.shape[1] > 3:\n    return x\nreturn x * 2\n", "EXL102"),
    "size-1 special case": ("if x.size(0) == 1:\n    return x[0]\nreturn x\n", "EXL102"),
    "derived size compared with 0": (
        "pad = (4 - x.shape[1] % 4) % 4\nif pad > 0:\n    x = F.pad(x, (0, pad))\nreturn x\n",
        "EXL102",
    ),
    "slice written with tensor bounds": (
        "y = x.clone()\nb = x.argmax(-1)\ny[:, b[0] : b[1]] = 0\nreturn y\n",
        "EXL201",
    ),
    "arange with a tensor step": (
        "n = x.sum(-1)\nreturn torch.arange(0, 1, 1 / n[0]) + x.sum()\n",
        "EXL201",
    ),
    "list repeated by a size": (
        "out = [torch.zeros(3)] * x.shape[0]\nreturn torch.stack(out)\n",
        "EXL301",
    ),
    "size times a list": (
        "out = x.shape[0] * [torch.zeros(3)]\nreturn torch.stack(out)\n",
        "EXL301",
    ),
    "list repeated by a tensor count": (
        "return torch.tensor([2] * (x > 0).sum())\n",
        "EXL201",
    ),
    "max of a float size ratio": (
        "return torch.arange(x.shape[0]) * max(x.shape[1] / x.shape[0], 1.0)\n",
        "EXL102",
    ),
    "tolist of a dynamic-length tensor": (
        "sizes = x.sum(1).long().tolist()\nreturn torch.split(x, sizes)\n",
        "EXL202",
    ),
}

SILENT = {
    "float remainder by a size": "return x % x.shape[-1]\n",
    "integer remainder by a constant": "return x.argmax(-1) % 4\n",
    "floor form of the remainder": (
        "i = x.argmax(-1)\nreturn i - (i // x.shape[-1]) * x.shape[-1]\n"
    ),
    "fmod by a size": "return torch.fmod(x.argmax(-1), x.shape[-1])\n",
    "layerdrop with random.uniform": (
        "for layer in self.layers:\n"
        "    p = random.uniform(0, 1)\n"
        "    if self.training and (p < self.layerdrop):\n"
        "        continue\n"
        "    x = layer(x)\n"
        "return x\n"
    ),
    "layerdrop with torch.rand in a ternary": (
        "for layer in self.layers:\n"
        "    p = torch.rand([])\n"
        "    skip = True if self.training and (p < self.layerdrop) else False\n"
        "    if not skip:\n"
        "        x = layer(x)\n"
        "return x\n"
    ),
    "not training or a tensor test": (
        "if not self.training or torch.rand([]) > 0.5:\n    return x\nreturn x * 2\n"
    ),
    "query length above one": (
        "q_len = x.shape[-1]\nmask = None\nif q_len > 1:\n    mask = torch.ones(q_len, q_len)\n"
        "return x if mask is None else x + mask.sum()\n"
    ),
    "size at least two, not zero": (
        "n = x.size(1)\nif n >= 2 and n != 0:\n    return x * 2\nreturn x\n"
    ),
    "tolist of a fixed-length count used as split sizes": (
        "counts = torch.zeros([x.shape[0], 4]).scatter(1, x.argmax(-1, keepdim=True), 1)\n"
        "sizes = counts.long().sum(0).tolist()\n"
        "return torch.split(x, sizes, dim=0)\n"
    ),
    "slice read with tensor bounds": "b = x.argmax(-1)\nreturn x[:, : b[0]]\n",
    "max of integer sizes": "return torch.arange(max(x.shape[0], x.shape[1])) + x.sum()\n",
    "interpolate to tensor sizes": (
        "s = x.argmax(-1)\nreturn F.interpolate(x[None], size=(s[0], s[1]))\n"
    ),
    "list repeated by a constant": "return torch.stack([x] * 3)\n",
    "int of a size then compared": (
        "h = int(x.shape[1])\n"  # EXL301 there: later uses are constants
        "return x\n"
    ),
}


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_flagged(name: str) -> None:
    body, code = FLAGGED[name]
    found = {c for _, c in codes(model(body))}
    assert code in found, (name, found)


@pytest.mark.parametrize("name", sorted(SILENT))
def test_silent(name: str) -> None:
    found = [c for c in codes(model(SILENT[name])) if c[1] != "EXL301"]
    assert found == [], (name, found)


def test_int_of_a_size_reported_once() -> None:
    body = "h, w = tuple(int(s) for s in x.shape[2:])\nif h > w:\n    return x\nreturn x * 2\n"
    found = [c for _, c in codes(model(body))]
    assert found == ["EXL301"], found


def test_autograd_function_apply_is_followed() -> None:
    source = (
        '@torch.library.custom_op("recalltest::op", mutates_args=())\n'
        "def op(x: torch.Tensor) -> torch.Tensor:\n"
        "    return x * 2\n\n\n"
        "class Fn(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, x):\n"
        "        return op(x)\n\n"
        "    @staticmethod\n"
        "    def backward(ctx, g):\n"
        "        return g * 2\n\n\n"
        "class Model(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return Fn.apply(x)\n"
    )
    assert (9, "EXL403") in codes(source)


def test_autograd_function_of_torch_ops_is_silent() -> None:
    source = (
        "class Fn(torch.autograd.Function):\n"
        "    @staticmethod\n"
        "    def forward(ctx, x):\n"
        "        return x.clamp(0, 1)\n\n"
        "    @staticmethod\n"
        "    def backward(ctx, g):\n"
        "        return g\n\n\n"
        "class Model(nn.Module):\n"
        "    def forward(self, x):\n"
        "        return Fn.apply(x)\n"
    )
    assert codes(source) == []


def test_np_prod_of_dynamic_sizes_keeps_them() -> None:
    source = (
        "class Model(nn.Module):\n"
        "    def forward(self, x):\n"
        "        n = np.prod(x.shape[1:-1])\n"
        "        return x.reshape(x.shape[0], n, -1)\n\n\n"
        "example_inputs = [(torch.randn(2, 4, 5, 3),)]\n"
        "dynamic_shapes = ({0: torch.export.Dim.DYNAMIC, 1: torch.export.Dim.DYNAMIC},)\n"
    )
    # np.prod keeps the SymInts (measured on 2.13: exports with both sizes dynamic and
    # matches in onnxruntime on unseen sizes): nothing to report.
    assert [c for c in codes(source) if c[0] == 3] == []


def test_slice_write_in_a_reported_loop_is_the_loop_only() -> None:
    body = "y = x.clone()\nfor i, n in enumerate(x.argmax(-1)):\n    y[i, :n] = 0\nreturn y\n"
    assert [c for _, c in codes(model(body))] == ["EXL401"]


def test_buffer_registered_under_a_flag_in_forward() -> None:
    body = (
        "if not self.layerdrop:\n"
        "    self.register_buffer('table', torch.ones(8), persistent=False)\n"
        "return x * self.table[: x.shape[1]]\n"
    )
    assert (8, "EXL501") in codes(model(body))


def test_buffer_registered_under_a_size_test_is_the_test() -> None:
    body = (
        "if x.shape[1] > 8:\n"
        "    self.register_buffer('table', torch.ones(x.shape[1]), persistent=False)\n"
        "return x\n"
    )
    assert [c for _, c in codes(model(body))] == ["EXL102"]


def test_rows_of_an_argument_with_a_static_first_axis() -> None:
    source = (
        "class Model(nn.Module):\n"
        "    def forward(self, images):\n"
        "        sizes = [tuple(img.shape[-2:]) for img in images]\n"
        "        return images * len(sizes)\n\n\n"
        "def _inputs(h, w):\n"
        "    return (torch.randn(2, 3, h, w),)\n\n\n"
        "example_inputs = [_inputs(8, 9), _inputs(5, 7)]\n"
        "dynamic_shapes = ({2: torch.export.Dim.DYNAMIC, 3: torch.export.Dim.DYNAMIC},)\n"
    )
    assert [c for c in codes(source) if c[1] == "EXL401"] == []
    dynamic = source.replace("({2:", "({0: torch.export.Dim.DYNAMIC, 2:")
    assert (3, "EXL401") in codes(dynamic)
