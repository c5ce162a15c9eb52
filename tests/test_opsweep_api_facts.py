"""The measured torch API facts (analysis/tables.py, benchmarks/ops_probe): each fires under
its condition and stays silent on its look-alike."""

from __future__ import annotations

import textwrap

import pytest

from exportlint import lint_source

HEADER = """\
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
{init}

    def forward(self, x):
{body}


example_inputs = [(torch.randn(2, 8, 6),)]
dynamic_shapes = ({{0: Dim.DYNAMIC, 1: Dim.DYNAMIC}},)
"""


def codes(body: str, init: str = "pass") -> list[str]:
    source = HEADER.format(init=textwrap.indent(init, " " * 8), body=textwrap.indent(body, " " * 8))
    return [d.code for d in lint_source(source, "model.py")]


REPORTED = [
    ("return self.rnn(x)[0]", "self.rnn = nn.LSTM(6, 4, batch_first=True)", "EXL304"),
    ("return self.rnn(x.transpose(0, 1))[0]", "self.rnn = nn.GRU(6, 4)", "EXL304"),
    ("return nn.RNN(6, 4, batch_first=True)(x)[0]", "pass", "EXL304"),
    ("return self.pool(x.transpose(1, 2))", "self.pool = nn.MaxPool1d(2)", "EXL304"),
    ("return self.pool(x)", "self.pool = nn.AdaptiveAvgPool1d(3)", "EXL404"),
    ("return self.pool(x)", "self.pool = nn.AdaptiveMaxPool1d(3)", "EXL404"),
    ("return F.adaptive_avg_pool1d(x, 5)", "pass", "EXL404"),
    ("return torch.triu_indices(x.shape[1], x.shape[1])", "pass", "EXL304"),
    ("return x * torch.hann_window(x.shape[1])[:, None]", "pass", "EXL304"),
    ("return F.one_hot(x.long())", "pass", "EXL304"),
    ("return x.split(2, dim=1)[0]", "pass", "EXL304"),
    ("return torch.stack(x.unbind(1), 1)", "pass", "EXL304"),
    ("return x.chunk(2, dim=1)[0]", "pass", "EXL404"),
    ("return torch.roll(x, x.shape[1] // 2, 1)", "pass", "EXL404"),
    ("return x * x.new_tensor([x.shape[0], x.shape[1]]).sum()", "pass", "EXL301"),
    ("return torch.cdist(x, x)", "pass", "EXL404"),
    ("return torch.cov(x[0])", "pass", "EXL304"),
]

SILENT = [
    # batch_first=True: the time axis is 1, the 6 static features after the transpose
    ("return self.rnn(x.transpose(1, 2))[0]", "self.rnn = nn.LSTM(8, 4, batch_first=True)"),
    ("return self.cell(x[:, 0])", "self.cell = nn.LSTMCell(6, 4)"),
    ("return self.pool(x)", "self.pool = nn.MaxPool1d(2)"),  # the length axis is static
    (
        "return self.pool(x) + self.peak(x)",
        "self.pool = nn.AdaptiveAvgPool1d(1)\nself.peak = nn.AdaptiveMaxPool1d(1)",
    ),
    ("return F.adaptive_avg_pool1d(x, self.bins)", "self.bins = 4"),  # a config: not decided
    ("return torch.triu_indices(3, 3).sum() + x", "pass"),
    ("return x * torch.hann_window(6)", "pass"),
    ("return F.one_hot(x.long(), num_classes=10)", "pass"),
    ("return x.split([3, x.shape[1] - 3], dim=1)[0]", "pass"),
    ("return x.split(3, dim=-1)[0] + x.chunk(2, dim=2)[1]", "pass"),
    ("return torch.roll(x, 1, 1)", "pass"),
    ("return x * torch.tensor([x.shape[0], x.shape[1]]).sum()", "pass"),
    ("return self.rnn(x)[0]", "self.rnn = make_rnn()"),  # not a torch.nn layer
]


@pytest.mark.parametrize(("body", "init", "code"), REPORTED, ids=[r[0][:40] for r in REPORTED])
def test_fact_is_reported(body: str, init: str, code: str) -> None:
    assert code in codes(body, init)


@pytest.mark.parametrize(("body", "init"), SILENT, ids=[s[0][:40] for s in SILENT])
def test_look_alike_is_silent(body: str, init: str) -> None:
    found = [c for c in codes(body, init) if c in ("EXL301", "EXL304", "EXL404")]
    assert not found
