"""Fixes for hazard kinds that had none (issue 8): a Transformer stack told whether its mask
is causal (EXL101), ... Each test fails on the code before these fixes."""

from __future__ import annotations

import ast

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

STACK = (
    "import torch\n"
    "from torch import nn\n\n\n"
    "class M(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)\n"
    "        self.encoder = nn.TransformerEncoder(layer, 1)\n\n"
    "    def forward(self, x):\n"
)


def _reports(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text) if d.code == code]


def _fixed(text: str, unsafe: bool = False) -> str:
    result = fix_text(text, unsafe=unsafe)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


# ------------------------------------------------------------ causal hints (EXL101, kind 3)


def test_stack_with_a_mask_gets_a_safe_is_causal_false() -> None:
    text = STACK + (
        "        band = torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).triu(3)\n"
        "        return self.encoder(x, band)\n"
    )
    (report,) = _reports(text, "EXL101")
    assert report.fix is not None and report.fix.applicability is Applicability.SAFE
    assert not report.alternatives  # the mask is not built causal here: no `is_causal=True`
    out = _fixed(text)  # `--fix` alone applies it
    assert "self.encoder(x, band, is_causal=False)" in out
    assert not _reports(out, "EXL101")


def test_library_causal_mask_also_gets_is_causal_true_second() -> None:
    text = STACK + (
        "        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))\n"
        "        return self.encoder(x, mask=mask)\n"
    )
    (report,) = _reports(text, "EXL101")
    assert report.fix is not None and "is_causal=False" in report.fix.description
    (second,) = report.alternatives
    assert second.applicability is Applicability.UNSAFE
    assert [e.content for e in second.edits] == [", is_causal=True"]


def test_a_literal_none_hint_gets_the_value_in_place() -> None:
    text = STACK + (
        "        mask = torch.zeros(x.shape[1], x.shape[1])\n"
        "        return self.encoder(x, mask, None, None)\n"
    )
    assert "self.encoder(x, mask, None, False)" in _fixed(text)


def test_multi_line_call_keeps_its_comments_on_their_lines() -> None:
    text = STACK + (
        "        mask = torch.zeros(x.shape[1], x.shape[1])\n"
        "        return self.encoder(\n"
        "            x,  # tokens\n"
        "            mask=mask,  # additive\n"
        "        )\n"
    )
    out = _fixed(text)
    assert (
        "            x,  # tokens\n"
        "            mask=mask,  # additive\n"
        "            is_causal=False,\n"
        "        )\n"
    ) in out


def test_distribution_validate_args_keeps_a_comment_on_its_line() -> None:
    # The keyword helper is shared with `validate_args=False` (EXL101): a comment after the
    # argument before the last stays there instead of being copied.
    text = (
        "import torch\n\n\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x, y):\n"
        "        d = torch.distributions.Normal(\n"
        "            x,  # mean\n"
        "            1.0,\n"
        "        )\n"
        "        return d.log_prob(y)\n"
    )
    out = _fixed(text, unsafe=True)
    assert out.count("# mean") == 1
    assert "validate_args=False," in out
