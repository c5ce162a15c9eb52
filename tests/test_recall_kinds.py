"""Hazard kinds that were missed (issue 9 §2): each one flagged, and its look-alikes silent.

The catalogue (rules/*/hazard_*.py, safe_*.py) proves each kind with real exports; these
tests pin the analysis on small variants of each, through the whole engine.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exportlint import lint_source
from exportlint.config import Settings
from exportlint.engine import lint_result

HEADER = """\
import math

import torch
import torch.nn.functional as F
from torch import nn


"""


def codes(source: str) -> list[tuple[int, str]]:
    text = HEADER + textwrap.dedent(source)
    offset = HEADER.count("\n")
    return [(d.line - offset, d.code) for d in lint_source(text, "model.py")]


def forward(body: str, args: str = "x") -> str:
    return (
        "class Model(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.proj = nn.Linear(4, 4)\n"
        "        self.factor = 2.0\n"
        "        self.max_length = 64\n"
        "        self.layers = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])\n"
        f"    def forward(self, {args}):\n" + textwrap.indent(textwrap.dedent(body), " " * 8)
    )


# The line of the first statement of the forward body built by `forward()`.
FIRST = 9

# ------------------------------------------------------------------ EXL404 no ONNX translation

NO_ONNX = [
    "return torch.cummax(x, dim=1).values",
    "return torch.cummin(x, 1)[0]",
    "return x.cumprod(dim=-1)",
    "return torch.kthvalue(x, 2, dim=1).values",
    "return x.median(dim=-1).values",
    "return torch.median(x) + x",
    "return torch.nanmedian(x, dim=0).values",
    "return x.mode(1).values",
    "return torch.searchsorted(self.proj.weight[0].contiguous(), x)",
]


@pytest.mark.parametrize("body", NO_ONNX)
def test_operator_without_onnx_translation_is_flagged(body: str) -> None:
    assert (FIRST, "EXL404") in codes(forward(body))


TRANSLATED = [
    "return torch.cumsum(x, dim=1) + x.logcumsumexp(1)",
    "return torch.sort(x, dim=1).values + torch.topk(x, 2, dim=1).values.sum()",
    "return torch.bucketize(x, self.proj.weight[0])",
    # named like the operators, but not tensors: a string option and the model's own helper
    "mode = 'mean'\nreturn x if mode.upper() == 'MEAN' else -x",
]


@pytest.mark.parametrize("body", TRANSLATED)
def test_translated_operators_and_namesakes_are_silent(body: str) -> None:
    assert not [c for c in codes(forward(body)) if c[1] == "EXL404"]


def test_operator_outside_traced_code_is_silent() -> None:
    source = """\
    def build_table(values):
        return torch.cummax(values, dim=0).values

    TABLE = build_table(torch.arange(4))
    """
    assert codes(source) == []


# ------------------------------------------------------------------ EXL301 new spellings


@pytest.mark.parametrize(
    "body",
    [
        "w = x.shape[-1] // 4 + 0.1\nreturn F.interpolate(x, scale_factor=(w / 4,))",
        "return F.interpolate(x, None, x.shape[-1] / 8)",
        "size = torch.as_tensor((x.shape[-2], x.shape[-1]))\nreturn x * size.prod()",
        "sizes = [x.shape[0], x.shape[1]]\nreturn x * torch.as_tensor(sizes).sum()",
        "n = x.shape[1]\nreturn x[:, : n.bit_length()]",
        "return x[:, : (2 * (x.shape[1] // 2)).bit_length() - 1]",
    ],
)
def test_size_baked_through_new_spellings_is_flagged(body: str) -> None:
    found = codes(forward(body))
    assert any(code == "EXL301" for _, code in found), found


@pytest.mark.parametrize(
    "body",
    [
        "return F.interpolate(x, scale_factor=self.factor)",
        "return F.interpolate(x, scale_factor=2.0, mode='nearest')",
        "return F.interpolate(x, size=(x.shape[-2] * 2, x.shape[-1] * 2))",
        "return x * torch.as_tensor((3, 4)).prod()",
        "return x * torch.tensor((x.shape[0], x.shape[1])).prod()",
        "return x[:, : self.max_length.bit_length()]",
    ],
)
def test_static_look_alikes_are_silent(body: str) -> None:
    assert codes(forward(body)) == []


def test_scale_factor_diagnostic_points_at_the_argument() -> None:
    source = forward(
        "w = x.shape[-1] + 0.5\nreturn F.interpolate(\n    x,\n    scale_factor=(w / 4,),\n)"
    )
    assert (FIRST + 3, "EXL301") in codes(source)


# ------------------------------------------------------------------ torch.distributions


@pytest.mark.parametrize(
    "body",
    [
        "return torch.distributions.Normal(x, 1.0).log_prob(y)",
        "return torch.distributions.Categorical(logits=x).entropy()",
        "d = torch.distributions.normal.Normal(x, y.exp(), validate_args=True)\nreturn d.mean",
        "return torch.distributions.Bernoulli(probs=x.sigmoid(), validate_args=None).entropy()",
    ],
)
def test_validating_distribution_is_flagged(body: str) -> None:
    assert (FIRST, "EXL101") in codes(forward(body, "x, y"))


@pytest.mark.parametrize(
    "body",
    [
        "d = torch.distributions.Normal(x, 1.0, validate_args=False)\nreturn d.log_prob(y)",
        "return torch.distributions.Categorical(logits=x, validate_args=self.factor < 0).probs",
        "return torch.distributions.kl.kl_divergence(x, y)",
        "c = torch.distributions.constraints.Positive()\nreturn x",
        # Python-number parameters: the checks run on constants (exports, measured)
        "return x * torch.distributions.normal.Normal(0, 1).icdf(torch.tensor(0.95))",
        "return x + torch.distributions.gumbel.Gumbel(0, 1).rsample(x.shape)",
    ],
)
def test_distribution_without_validation_is_silent(body: str) -> None:
    assert codes(forward(body, "x, y")) == []


def test_imported_distribution_class_is_flagged() -> None:
    source = "from torch.distributions import Normal\n\n" + forward(
        "return Normal(x, 1.0).log_prob(y)", "x, y"
    )
    assert (FIRST + 2, "EXL101") in codes(source)


def test_validation_turned_off_for_the_file_is_silent() -> None:
    source = "torch.distributions.Distribution.set_default_validate_args(False)\n\n" + forward(
        "return torch.distributions.Normal(x, 1.0).log_prob(y)", "x, y"
    )
    assert codes(source) == []


def test_distribution_outside_traced_code_is_silent() -> None:
    source = """\
    def sample_noise(shape):
        return torch.distributions.Normal(torch.zeros(shape), 1.0).sample()

    NOISE = sample_noise(4)
    """
    assert codes(source) == []


# ------------------------------------------------------------------ iterating a layer's output

PROJECTOR = """\
class Projector(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.linear_1 = nn.Linear(dim, dim)
        self.act = ACT2FN["gelu"]
        self.linear_2 = nn.Linear(dim, dim)

    def forward(self, features):
        hidden = self.linear_1(features)
        hidden = self.act(hidden)
        return self.linear_2(hidden) * 0.5


class Pair(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, features):
        hidden = self.proj(features)
        return hidden, hidden.mean(dim=1)


class Output(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, features):
        return Output(last_hidden_state=self.proj(features))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.projector = Projector(4)
        self.pair = Pair(4)
        self.output = Output(4)
        self.sequential = nn.Sequential(nn.Linear(4, 4), nn.GELU(), nn.Linear(4, 4))
        self.lstm = nn.LSTM(4, 4, batch_first=True)

    def forward(self, x):
"""


def layer_codes(body: str) -> list[tuple[int, str]]:
    source = "from transformers.activations import ACT2FN\n\n" + PROJECTOR
    first = source.count("\n") + 1  # the line of the body's first statement
    source += textwrap.indent(textwrap.dedent(body), " " * 8)
    return [(line - first, code) for line, code in codes(source)]


@pytest.mark.parametrize(
    "body",
    [
        "features = list(self.projector(x))\nreturn torch.cat([f[None] for f in features])",
        "return torch.stack(tuple(self.sequential(x)))",
        "first, *rest = self.projector(x)\nreturn first",
        "return sum(self.sequential(x))",
    ],
)
def test_iterating_the_output_of_a_one_tensor_layer_is_flagged(body: str) -> None:
    assert layer_codes(body) == [(0, "EXL401")]


@pytest.mark.parametrize(
    "body",
    [
        "hidden, pooled = self.pair(x)\nreturn hidden + pooled[:, None]",
        "outputs = list(self.pair(x))\nreturn outputs[0]",
        "parts = list(self.output(x).values())\nreturn parts[0]",
        "return self.projector(x).sum(dim=0)",
    ],
)
def test_layers_returning_several_values_stay_silent(body: str) -> None:
    assert layer_codes(body) == []


def test_unpacking_an_lstm_is_no_loop_but_its_dynamic_length_is_reported() -> None:
    # `out, state = ...` iterates the layer's tuple, not a tensor (no EXL401); the LSTM itself
    # unrolls over a time axis that may be dynamic here (EXL304).
    assert layer_codes("out, state = self.lstm(x)\nreturn out") == [(0, "EXL304")]


def test_list_of_a_tensor_then_looped_over_is_reported_once() -> None:
    body = "rows = list(x)\nreturn torch.stack([r * 2 for r in rows])"
    assert codes(forward(body)) == [(FIRST, "EXL401")]


def test_for_over_list_of_a_tensor_is_reported_once_on_the_loop() -> None:
    body = "out = []\nfor r in list(x):\n    out.append(r)\nreturn torch.stack(out)"
    assert codes(forward(body)) == [(FIRST + 1, "EXL401")]


# ------------------------------------------------------------------ sizes through tensors


@pytest.mark.parametrize(
    "body",
    [
        "size = torch.tensor(x.shape)\nreturn x + torch.linspace(0, 1, size[-1])",
        "size = torch.tensor(x.shape[-2:])\nreturn x + torch.logspace(0, 1, steps=size[1])",
        "n = y.sum().item()\nreturn x + torch.linspace(0, 1, steps=n)",
    ],
)
def test_steps_read_out_of_a_tensor_are_flagged(body: str) -> None:
    assert (FIRST + 1, "EXL201") in codes(forward(body, "x, y"))


def test_steps_from_a_static_size_are_silent() -> None:
    body = "n = self.proj.weight.shape[0]\nreturn x + torch.linspace(0, 1, n)"
    assert codes(forward(body)) == []


def test_steps_from_an_argument_only_taken_for_a_tensor_are_not_exl201() -> None:
    # deformable DETR: `spatial_shapes_list` is a list of (height, width) ints in practice.
    body = (
        "for level, (height, width) in enumerate(tuple(shapes_list)):\n"
        "    x = x + torch.linspace(0.5, height - 0.5, height)[:, None]\n"
        "return x"
    )
    assert [c for c in codes(forward(body, "x, shapes_list")) if c[1] == "EXL201"] == []


# ------------------------------------------------------------------ config values in __init__

SWIN_LIKE = """\
from collections.abc import Iterable


class Embeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        image_size, patch_size = config.image_size, config.patch_size
        patch_size = patch_size if isinstance(patch_size, Iterable) else (patch_size, patch_size)
        self.patch_size = patch_size
        self.paddings = (config.kernel - 1, 0)

    def forward(self, pixel_values):
        _, _, height, width = pixel_values.shape
        left, right = self.paddings
        if width % self.patch_size[1] != 0:
            pixel_values = F.pad(pixel_values, (0, self.patch_size[1] - width % self.patch_size[1]))
        if height <= max(left, right):
            pixel_values = F.pad(pixel_values, (0, 0, 0, 1))
        return pixel_values
"""


def test_sizes_tested_against_config_values_unpacked_in_init_are_flagged() -> None:
    found = codes(SWIN_LIKE)
    assert [code for _, code in found] == ["EXL102", "EXL102"], found


def test_config_values_unpacked_in_init_stay_static() -> None:
    source = SWIN_LIKE.replace("width % self.patch_size[1] != 0", "self.patch_size[1] != 4")
    source = source.replace("height <= max(left, right)", "left > right")
    assert codes(source) == []


# ------------------------------------------------------------------ custom op behind a decorator

DISPATCH = """\
import functools

import torch


def _fallback(x, w):
    return x @ w


torch.library.custom_op("moelib::grouped_mm", _fallback, mutates_args=())


def _grouped(x, w):
    return torch.ops.moelib.grouped_mm(x, w)


def _grouped_forward(self, x):
    return _grouped(x, self.weight)


def _eager_forward(self, x):
    return x @ self.weight


class Registry:
    _mapping = {"grouped_mm": _grouped_forward, "eager": _eager_forward}

    def get(self, key, default):
        return self._mapping.get(key, default)


ALL_FUNCTIONS = Registry()


def use_implementation(cls, registry=ALL_FUNCTIONS):
    original = cls.forward

    @functools.wraps(original)
    def forward(self, *args, **kwargs):
        return registry.get(self.implementation, original)(self, *args, **kwargs)

    cls.forward = forward
    return cls


def plain_decorator(cls):
    return cls
"""

MOE_MODEL = """\
import torch
from torch import nn

from .dispatch import plain_decorator, use_implementation


@use_implementation
class Experts(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 4))
        self.implementation = "grouped_mm"

    def forward(self, x):
        return x @ self.weight


@plain_decorator
class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 4))

    def forward(self, x):
        return x @ self.weight


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.experts = Experts()
        self.plain = Plain()

    def forward(self, x):
        return self.experts(x) + self.plain(x)
"""


def test_custom_op_reached_through_a_class_decorator_is_flagged_at_the_call(
    tmp_path: Path,
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "dispatch.py").write_text(DISPATCH)
    model = tmp_path / "pkg" / "model.py"
    model.write_text(MOE_MODEL)
    result = lint_result(model.read_bytes(), str(model), Settings())
    found = [(Path(d.path).name, d.line, d.code, d.message) for d in result.diagnostics]
    assert [(name, line, code) for name, line, code, _ in found] == [("model.py", 35, "EXL403")]
    message = found[0][3]
    assert "`moelib::grouped_mm`" in message
    assert "`@use_implementation` on `Experts` → " in message and "pkg/dispatch.py:14" in message
    # Not followed: this file only.
    assert (
        lint_result(model.read_bytes(), str(model), Settings(follow_imports="none")).diagnostics
        == []
    )


# ------------------------------------------------------------------ sequences indexed by tensors


@pytest.mark.parametrize(
    "body",
    [
        "return self.layers[x.argmax()](x)",
        "return [x, y][(x.sum() > 0).long()]",
        "i = y.sum().item()\nreturn (x, y)[i]",
        "options = [x, y * 2]\nreturn options[y.argmax()]",
    ],
)
def test_sequence_indexed_with_a_tensor_is_flagged(body: str) -> None:
    found = codes(forward(body, "x, y"))
    assert [code for _, code in found] == ["EXL201"], found


@pytest.mark.parametrize(
    "body",
    [
        "return self.layers[-1](x) + [x, y][0]",
        "i = len(self.layers) - 1\nreturn self.layers[i](x)",
        "return x[y.argmax()] + x[:, y.argmax()]",
        "return torch.stack([x, y])[y.argmax()]",
        "return (x, y)[x.shape[0] % 2]",
    ],
)
def test_sequences_indexed_with_python_ints_and_tensors_indexed_are_silent(body: str) -> None:
    assert [c for c in codes(forward(body, "x, y")) if c[1] == "EXL201"] == []


# ------------------------------------------------------------------ sizes followed into helpers

HELPERS = """\
import numpy as np


def sincos_table(length, dim):
    pos = np.arange(length)[:, None] / (10000 ** (np.arange(dim) / dim))
    return torch.from_numpy(np.sin(pos)).float()


def scale_for(n):
    return math.log(n) / 2


class Pad(nn.Module):
    def __init__(self, window):
        super().__init__()
        self.window = window

    def forward(self, hidden: torch.Tensor, height: int, width: int) -> torch.Tensor:
        if height % self.window != 0:
            hidden = F.pad(hidden, (0, 0, 0, self.window - height % self.window))
        return hidden


def pad_to(hidden, size: tuple[int, int], window: int):
    h, w = size
    if w % window != 0:
        hidden = F.pad(hidden, (0, window - w % window))
    return hidden


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pad = Pad(4)

    def forward(self, x):
        _, _, h, w = x.shape
        x = x + sincos_table(h, 8) * scale_for(h)
        return self.pad(x, h, w) + pad_to(x, (h, w), 4)
"""


def test_a_size_keeps_its_kind_in_helpers_and_submodules_annotated_int() -> None:
    # numpy and math in a helper (sincos tables), a submodule's forward annotated `int`
    # (Swin's window padding), a helper annotated `tuple[int, int]`.
    assert codes(HELPERS) == [(5, "EXL301"), (10, "EXL302"), (19, "EXL102"), (26, "EXL102")]


def test_static_sizes_passed_to_the_same_helpers_are_silent() -> None:
    source = HELPERS.replace("_, _, h, w = x.shape", "h, w = 8, 8")
    assert codes(source) == []
