"""Which sizes are static (issue 9 §3): the `-1` of a reshape that spells out every dynamic
axis of its input, the rank a shape unpacking proves, and one_hot's class axis. Each static
kind has a look-alike that is dynamic and stays reported."""

from __future__ import annotations

import textwrap

import pytest

from exportlint.engine import lint_source

HEADER = """\
import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.d = 4
        self.q = nn.Linear(8, 16)
        self.k = nn.Linear(8, 8)

    def forward(self, x, labels):
"""


def _exl102(body: str) -> list[int]:
    source = HEADER + textwrap.indent(textwrap.dedent(body), " " * 8)
    first = HEADER.count("\n") + 1
    return [d.line - first + 1 for d in lint_source(source, "m.py") if d.code == "EXL102"]


@pytest.mark.parametrize(
    "body",
    [
        # the heads of a projection: b and s spell out x's dynamic axes
        """\
        b, s, _ = x.shape
        q = self.q(x).view(b, s, -1, self.d)
        k = self.k(x).reshape(b, s, -1, self.d)
        if q.shape[2] != k.shape[2]:
            k = k.repeat_interleave(2, dim=2)
        return q * k
        """,
        # the same through transpose
        """\
        b, s, _ = x.shape
        q = self.q(x).view(b, s, -1, self.d).transpose(1, 2)
        k = self.k(x).view(b, s, -1, self.d).transpose(1, 2)
        if q.shape[1] > k.shape[1]:
            k = k.repeat_interleave(q.shape[1] // k.shape[1], dim=1)
        return q * k
        """,
        # the sizes as one tuple argument
        """\
        b, s, _ = x.shape
        q = self.q(x).view((b, s, -1, self.d))
        if q.shape[2] == 4:
            q = q * 2
        return q
        """,
        # one_hot's class axis, by position or keyword
        """\
        counts = F.one_hot(labels, 3).sum(0)
        if counts.shape[0] == 3:
            return counts
        return counts + 1
        """,
        """\
        hot = F.one_hot(labels, num_classes=5)
        if hot.shape[-1] > 2:
            return hot[..., :2]
        return hot
        """,
    ],
)
def test_static_by_construction_is_silent(body: str) -> None:
    assert _exl102(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # the -1 absorbs the sequence: dynamic
        """\
        b, s, _ = x.shape
        q = self.q(x).view(b, -1, self.d)
        if q.shape[1] > 3:
            q = q[:, :3]
        return q
        """,
        # a computed size next to the -1: not resolved, stays dynamic
        """\
        b, s, _ = x.shape
        q = self.q(x).view(b, s * 2, -1, 2)
        if q.shape[2] > 3:
            q = q[:, :, :3]
        return q
        """,
        # sizes of another tensor do not spell out x's axes
        """\
        b, s, _ = x.shape
        n = labels.shape[0]
        q = self.q(x).view(b, n, -1, self.d)
        if q.shape[2] > 3:
            q = q[:, :, :3]
        return q
        """,
        # the rows of a one-hot stay the labels' rows
        """\
        hot = F.one_hot(labels, 3)
        if hot.shape[0] > 4:
            hot = hot[:4]
        return hot
        """,
        # one_hot(labels, -1) counts classes from the data
        """\
        hot = F.one_hot(labels, -1)
        if hot.shape[-1] > 4:
            hot = hot[..., :4]
        return hot
        """,
    ],
)
def test_dynamic_look_alikes_stay_reported(body: str) -> None:
    assert _exl102(body) != []


# Sizes passed through a helper: the symbols of the caller's tensors survive the helper's
# return (and the memo of its result is keyed on which arguments share a symbol).
HELPERS = """\
import torch
from torch import nn


def split_heads(t, heads):
    return t.view(t.size(0), t.size(1), heads, -1).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.h = 2
        self.q = nn.Linear(8, 8)
        self.k = nn.Linear(8, 8)

    def split(self, t):
        return t.view(t.size(0), t.size(1), self.h, -1).transpose(1, 2)

    def scores_shape(self, t):
        shape = t.size()[:-1] + (self.h, -1)
        return t.view(shape).permute(0, 2, 1, 3)

    def by_sizes(self, t, b, s):
        return t.view(b, s, self.h, -1).transpose(1, 2)

    def doubled(self, t):
        u = torch.cat([t, t], 1)
        return u.view(u.size(0), u.size(1), 2, -1)

    def forward(self, x, y):
        b, s, _ = x.shape
        n, m, _ = y.shape
"""


def _exl102_helpers(body: str) -> list[int]:
    source = HELPERS + textwrap.indent(textwrap.dedent(body), " " * 8)
    return [d.line for d in lint_source(source, "m.py") if d.code == "EXL102"]


@pytest.mark.parametrize(
    "body",
    [
        """\
        q, k = self.split(self.q(x)), self.split(self.k(x))
        if q.shape[-2] == k.shape[-2]:
            return q @ k.transpose(-1, -2)
        return q
        """,
        """\
        q, k = self.scores_shape(self.q(x)), self.scores_shape(self.k(x))
        if q.shape[2] != k.shape[2]:
            k = k[:, :, : q.shape[2]]
        return q @ k.transpose(-1, -2)
        """,
        """\
        q = split_heads(self.q(x), self.h)
        k = split_heads(self.k(x), self.h)
        if q.shape[2] > k.shape[2]:
            q = q[:, :, : k.shape[2]]
        return q @ k.transpose(-1, -2)
        """,
        """\
        q = self.by_sizes(self.q(x), b, s)
        k = self.by_sizes(self.k(x), b, s)
        if q.shape[-2] == k.shape[-2]:
            return q @ k.transpose(-1, -2)
        return q
        """,
    ],
)
def test_sizes_through_a_helper_stay_one_symbol(body: str) -> None:
    assert _exl102_helpers(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # two inputs' lengths through the same helper (the second call hits the memo)
        """\
        q, k = self.split(self.q(x)), self.split(self.k(y))
        if q.shape[-2] == k.shape[-2]:
            return q @ k.transpose(-1, -2)
        return q
        """,
        """\
        q = split_heads(self.q(x), self.h)
        k = split_heads(self.k(y), self.h)
        if q.shape[2] > k.shape[2]:
            q = q[:, :, : k.shape[2]]
        return q @ k.transpose(-1, -2)
        """,
        # the same helper given the sizes of another input
        """\
        q = self.by_sizes(self.q(x), b, s)
        k = self.by_sizes(self.k(x), b, m)
        if q.shape[-2] == k.shape[-2]:
            return q @ k.transpose(-1, -2)
        return q
        """,
        # a size the helper made of its own tensor is not shared by two calls
        """\
        p, r = self.doubled(x), self.doubled(y)
        if p.shape[1] == r.shape[1]:
            return p + r
        return p
        """,
    ],
)
def test_sizes_of_different_inputs_through_a_helper_stay_reported(body: str) -> None:
    assert _exl102_helpers(body) != []


# A layout dispatch: a rank test and, in the same `and`, an axis of that rank compared for
# equality with a number >= 2 (the rows of a rank-3 multimodal position_ids).
LAYOUT = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x, pos):
        if {test}:
            pos = pos[1:]
        return x + pos.float().sum(0)[..., None]
"""


def _layout_lines(test: str, tail: str = "") -> list[int]:
    source = LAYOUT.format(test=test) + tail
    return [d.line for d in lint_source(source, "m.py") if d.code == "EXL102"]


@pytest.mark.parametrize(
    "test",
    [
        "pos.ndim == 3 and pos.shape[0] == 4",
        "pos.dim() == 3 and pos.size(0) != 3",
        "len(pos.shape) == 3 and 4 == pos.shape[0]",
    ],
)
def test_layout_dispatch_is_silent(test: str) -> None:
    assert _layout_lines(test) == []


@pytest.mark.parametrize(
    "test",
    [
        "pos.shape[0] == 4",  # no rank test: a length compared with a number
        "x.ndim == 3 and pos.shape[0] == 4",  # the rank of another tensor
        "pos.ndim == 3 and pos.shape[1] > 4",  # a threshold, not a layout
        "pos.ndim == 3 and pos.shape[1] == 1",  # a size-1 special case
        "pos.ndim == 3 or pos.shape[0] == 4",  # not the same layout
    ],
)
def test_layout_look_alikes_stay_reported(test: str) -> None:
    assert _layout_lines(test) == [7]


def test_layout_axis_declared_dynamic_stays_reported() -> None:
    tail = """
example_inputs = [(torch.randn(2, 7, 1), torch.randn(4, 2, 7))]
d = Dim.DYNAMIC
dynamic_shapes = ({0: d, 1: d}, {0: d, 1: d, 2: d})
"""
    assert _layout_lines("pos.ndim == 3 and pos.shape[0] == 4", tail) == [7]


# len() of a tensor is its first size: the same symbol as `x.shape[0]`, at least 2 under export.
@pytest.mark.parametrize(
    "body, reported",
    [
        ("if len(x) > 1:\n    x = x * 2\nreturn x", False),
        ("h = x * 2\nif len(h) == h.shape[0]:\n    h = h + 1\nreturn h", False),
        ("if len(x) == 1:\n    x = x.squeeze(0)\nreturn x", True),
        ("if len(x) > 4:\n    x = x[:4]\nreturn x", True),
        ("if len(labels) != len(x):\n    x = x[:1]\nreturn x", True),
    ],
)
def test_len_of_a_tensor_is_its_first_size(body: str, reported: bool) -> None:
    assert bool(_exl102(body)) is reported


# `max(k / q, 1.0)` stays a float size: times an integer tensor it is EXL404's (the ONNX
# conversion of `aten.mul.Scalar` with a symbolic float fails, measured on 2.13), and EXL102
# keeps reporting the comparison of two symbols. Of one symbol (`scale(h, h)`: the query and
# key sizes of windowed self-attention) the ratio is 1.0 for every size and export needs no
# guard (safe_rel_pos_same_window.py): EXL102 is silent, EXL404 still reports.
REL_POS = """\
import torch


def scale(q_size, k_size):
    coords = torch.arange(q_size{dtype})[:, None] * max(k_size / q_size, 1.0)
    return coords


class Model(torch.nn.Module):
    def forward(self, x, y):
        h = x.shape[1]
        return x + scale(h, {key}).sum()
"""


@pytest.mark.parametrize(
    "key, dtype, expected",
    [
        ("y.shape[1]", ", dtype=torch.float32", ["EXL102"]),
        ("y.shape[1]", "", ["EXL102", "EXL404"]),
        ("h", "", ["EXL404"]),
        ("h", ", dtype=torch.float32", []),
    ],
)
def test_float_ratio_max_is_a_float_size(key: str, dtype: str, expected: list[str]) -> None:
    source = REL_POS.format(key=key, dtype=dtype)
    found = sorted(d.code for d in lint_source(source, "m.py") if d.line == 5)
    assert found == expected


# dynamic_shapes declares axes above 0 only and the example's rank is not visible: the
# argument's own first size is static; its other sizes, and the first size of what is
# computed from it (not followed), stay dynamic.
FIRST_AXIS = """\
import torch
from torch.export import Dim


def make(t):
    return torch.randn(4, t, 8)


class Model(torch.nn.Module):
    def forward(self, x):
        b, t, _ = x.shape
        if {test}:
            x = x * 2
        return x


example_inputs = [(make(7),)]
dynamic_shapes = ({{1: Dim.DYNAMIC}},)
"""


@pytest.mark.parametrize(
    "test, reported",
    [
        ("x.shape[0] == 4", False),
        ("x.size(0) > 3", False),
        ("len(x) != 4", False),
        ("b == 4", False),
        ("x.shape[1] > 5", True),
        ("t == 4", True),
        ("(x + 1).shape[1] > 3", True),
    ],
)
def test_first_axis_left_static_by_dynamic_shapes(test: str, reported: bool) -> None:
    source = FIRST_AXIS.format(test=test)
    assert bool([d for d in lint_source(source, "m.py") if d.code == "EXL102"]) is reported


def test_first_axis_declared_dynamic_stays_reported() -> None:
    source = FIRST_AXIS.format(test="x.shape[0] == 4").replace(
        "{1: Dim.DYNAMIC}", "{0: Dim.DYNAMIC, 1: Dim.DYNAMIC}"
    )
    assert [d.line for d in lint_source(source, "m.py") if d.code == "EXL102"] == [12]


# A size read from a shape compared for (in)equality with a width attribute of the model or
# its config (`*channels`, `hidden_size`, `embed_dim`, ...): a format test on an axis the
# weights fix (safe_video_packed_channels.py, safe_residual_when_width_matches.py). Thresholds,
# other attributes and sizes kept in a name stay reported; so does the test when
# dynamic_shapes declares the axis (hazard_channel_test_declared_dynamic.py).
WIDTHS = """\
import torch
from torch import nn


class Embed(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.num_channels = config.num_channels
        self.embed_dim = 8
        self.max_frames = 6

    def forward(self, x):
"""


@pytest.mark.parametrize(
    "body, reported",
    [
        ("if x.shape[1] != self.num_channels:\n    x = x.mean(1, keepdim=True)\nreturn x", False),
        ("h = x if x.shape[-1] == self.config.hidden_size else x * 0\nreturn h", False),
        ("if x.size(-1) == self.embed_dim:\n    x = x * 2\nreturn x", False),
        ("if x.shape[-1] > self.embed_dim:\n    x = x[..., :4]\nreturn x", True),
        ("if x.shape[1] != self.max_frames:\n    x = x * 2\nreturn x", True),
        ("n = x.shape[1]\nif n != self.num_channels:\n    x = x * 2\nreturn x", True),
    ],
)
def test_width_attribute_test_is_a_format_test(body: str, reported: bool) -> None:
    source = WIDTHS + textwrap.indent(body, " " * 8) + "\n"
    found = [d for d in lint_source(source, "m.py") if d.code == "EXL102"]
    assert bool(found) is reported
