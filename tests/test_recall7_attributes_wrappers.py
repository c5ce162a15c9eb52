"""Recall of fresh7r: sizes as int attributes of ops (EXL301) and loops inside a wrapper a
helper returns, also when it hands its argument back on another path (EXL401)."""

from __future__ import annotations

import textwrap

import pytest

from exportlint import lint_source

HEAD = "import torch\nimport torch.nn.functional as F\nfrom torch import nn\n\n"


def _codes(body: str) -> set[tuple[int, str]]:
    text = HEAD + textwrap.dedent(body)
    return {(d.line - HEAD.count("\n"), d.code) for d in lint_source(text, "m.py")}


def _forward(lines: str) -> str:
    return "class M(nn.Module):\n    def forward(self, x, w):\n" + textwrap.indent(
        textwrap.dedent(lines), "        "
    )


@pytest.mark.parametrize(
    "call",
    [
        "F.conv2d(x.reshape(1, -1, 8, 8), w, groups=x.shape[0])",
        "F.conv2d(x.reshape(1, -1, 8, 8), w, None, 1, 0, 1, x.shape[0])",
        "F.conv1d(x.reshape(1, -1, 8), w, padding=1, groups=x.size(0) * 4)",
        "F.conv_transpose2d(x.reshape(1, -1, 8, 8), w, groups=x.shape[0])",
        "F.unfold(x, kernel_size=(x.shape[2], 3))",
    ],
)
def test_size_as_an_int_attribute_is_reported(call: str) -> None:
    assert (4, "EXL301") in _codes(_forward(f"b = x.shape[0]\nreturn {call}\n"))


@pytest.mark.parametrize(
    "call",
    [
        "F.conv2d(x, w, padding=1, groups=self.channels)",
        "F.conv2d(x, w, None, 1, 1, 1, 4)",
        "F.conv2d(x, w, groups=x.dim())",
        "F.unfold(x, kernel_size=3, padding=1)",
        "F.unfold(x, kernel_size=(self.k, 3))",
        "F.conv2d(x, w, padding=x.shape[-1] // 2 * 0)",
    ],
)
def test_a_configured_attribute_is_silent(call: str) -> None:
    assert not _codes(_forward(f"return {call}\n"))


WRAPPER = """\
def sliced(layer, size=None):
    if size is None:
        return layer

    def apply(x):
        out = []
        for start in range({bound}):
            out.append(layer(x[:, start : start + 4]))
        return torch.cat(out, 1)

    return apply


class M(nn.Module):
    def forward(self, x, w):
        return sliced(self.fn, 4)(x)
"""


def test_loop_in_a_returned_wrapper_is_followed_past_a_passthrough() -> None:
    assert (7, "EXL401") in _codes(WRAPPER.format(bound="0, x.shape[1], 4"))


def test_static_loop_in_a_returned_wrapper_stays_silent() -> None:
    assert not _codes(WRAPPER.format(bound="0, 12, 4"))


def test_a_tensor_on_the_other_path_is_not_taken_for_the_wrapper() -> None:
    # `return x` (a tensor) on one path: the result is no function, nothing is followed.
    text = WRAPPER.format(bound="0, x.shape[1], 4").replace("return layer", "return torch.ones(3)")
    assert (7, "EXL401") not in _codes(text)


EDGES = """\
def count(index, n=None):
    if n is not None:
        return n
    return int(index.max()) + 1


class M(nn.Module):
    def forward(self, x, {param}):
        {body}
"""


@pytest.mark.parametrize(
    ("param", "body"),
    [
        ("edge_index", "return x.new_zeros(count(edge_index[1]), 4)"),
        ("top_k_index", "return x.new_zeros(count(top_k_index.flatten()), 4)"),
    ],
)
def test_an_int_looking_argument_read_as_a_tensor_is_a_tensor(param: str, body: str) -> None:
    assert (4, "EXL201") in _codes(EDGES.format(param=param, body=body))


@pytest.mark.parametrize(
    ("param", "body"),
    [
        ("image_size", "return x.new_zeros(int(image_size[0]), 4)"),
        ("layer_index", "return x * layer_index"),
        ("num_nodes", "return x.new_zeros(num_nodes, 4)"),
    ],
)
def test_an_int_looking_argument_stays_unknown(param: str, body: str) -> None:
    assert not _codes(EDGES.format(param=param, body=body))


CHUNKS = """\
class M(nn.Module):
    def forward(self, x, w):
        pieces = {chunks}
        out = []
        for piece in pieces:
            out.append(piece.sum(0))
        return torch.stack(out)
"""


@pytest.mark.parametrize(
    "chunks",
    [
        "torch.chunk(x, x.shape[0])",
        "x.chunk((x.shape[0] + 3) // 4)",
        "x.chunk(chunks=x.size(0))",
        "torch.chunk(torch.arange(x.shape[0]), int(w.sum()))",
    ],
)
def test_loop_over_a_dynamic_number_of_chunks_is_reported(chunks: str) -> None:
    assert (5, "EXL401") in _codes(CHUNKS.format(chunks=chunks))


@pytest.mark.parametrize(
    "chunks", ["torch.chunk(x, 3)", "x.chunk(self.groups, dim=-1)", "x.chunk(x.dim())"]
)
def test_loop_over_a_static_number_of_chunks_is_silent(chunks: str) -> None:
    assert (5, "EXL401") not in _codes(CHUNKS.format(chunks=chunks))


def test_a_loop_over_chunks_gets_no_scan_rewrite() -> None:
    from exportlint.fixer import fix_text

    text = HEAD + CHUNKS.format(chunks="torch.chunk(x, x.shape[0])")
    assert "scan" not in fix_text(text, "m.py", unsafe=True).text
