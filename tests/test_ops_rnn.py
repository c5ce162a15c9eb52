"""exportlint.ops.rnn: the recurrence of nn.GRU / nn.LSTM / nn.RNN as a scan over time.

Eager: equal to the module (atol 1e-5) for every option it supports, refusing the others by
name. Export: torch.export with a dynamic time axis, torch.onnx (dynamo=True), onnxruntime
equal to the module at lengths and batches not traced.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnxruntime")

import onnxruntime as ort
import torch
from torch import nn
from torch.export import Dim

import exportlint.ops
from exportlint.ops import rnn
from exportlint.ops._rnn import recurrence

ATOL = 1e-5
_CLASSES = (nn.GRU, nn.LSTM, nn.RNN)


def _same(got: Any, expected: Any) -> None:
    torch.testing.assert_close(got, expected, atol=ATOL, rtol=1e-5)


@pytest.mark.parametrize(
    ("cls", "layers", "bidirectional", "batch_first", "bias"),
    list(itertools.product(_CLASSES, (1, 2), (False, True), (False, True), (True, False))),
)
def test_equal_to_the_module(
    cls: type[nn.RNNBase], layers: int, bidirectional: bool, batch_first: bool, bias: bool
) -> None:
    torch.manual_seed(0)
    module = cls(
        5, 7, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias
    )
    module.eval()
    x = torch.randn(3, 6, 5)
    _same(recurrence(module, x), module(x))
    _same(rnn(module, x), module(x))
    directions = 2 if bidirectional else 1
    h0 = torch.randn(layers * directions, 3 if batch_first else 6, 7)
    hx: Any = (h0, torch.randn_like(h0)) if cls is nn.LSTM else h0
    _same(recurrence(module, x, hx), module(x, hx))


def test_lstm_projection_unbatched_and_relu() -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(5, 7, num_layers=2, bidirectional=True, proj_size=3).eval()
    x = torch.randn(6, 3, 5)
    hx = (torch.randn(4, 3, 3), torch.randn(4, 3, 7))
    _same(recurrence(lstm, x, hx), lstm(x, hx))
    _same(recurrence(lstm, x[:, 0]), lstm(x[:, 0]))
    relu = nn.RNN(5, 7, nonlinearity="relu").eval()
    _same(recurrence(relu, x), relu(x))
    gru = nn.GRU(5, 7, batch_first=True).eval()
    h = torch.randn(1, 7)
    _same(recurrence(gru, x[0], h), gru(x[0], h))
    _same(recurrence(gru, x[0]), gru(x[0]))


def test_gradients_flow_in_eager_mode() -> None:
    torch.manual_seed(0)
    gru = nn.GRU(5, 7, batch_first=True)
    x = torch.randn(2, 4, 5, requires_grad=True)
    recurrence(gru, x)[0].sum().backward()
    assert x.grad is not None
    assert gru.weight_hh_l0.grad is not None


def test_unsupported_options_are_refused_by_name() -> None:
    gru = nn.GRU(5, 7, num_layers=2, dropout=0.5).train()
    with pytest.raises(NotImplementedError, match="dropout"):
        recurrence(gru, torch.randn(4, 2, 5))
    gru.eval()
    recurrence(gru, torch.randn(4, 2, 5))  # dropout does nothing in eval mode
    packed = nn.utils.rnn.pack_padded_sequence(torch.randn(4, 2, 5), torch.tensor([4, 3]))
    with pytest.raises(NotImplementedError, match="PackedSequence"):
        recurrence(gru, packed)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="LSTMCell"):
        recurrence(nn.LSTMCell(5, 7), torch.randn(2, 5))  # type: ignore[arg-type]


def test_eager_calls_run_the_module_itself() -> None:
    """What the module runs in eager mode, rnn runs: dropout in training, packed input."""
    gru = nn.GRU(5, 7, num_layers=2, dropout=0.5).train()
    x = torch.randn(4, 2, 5)
    torch.manual_seed(1)
    expected = gru(x)
    torch.manual_seed(1)
    _same(rnn(gru, x), expected)
    packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor([4, 3]))
    torch.manual_seed(1)
    expected_packed = gru(packed)
    torch.manual_seed(1)
    got = rnn(gru, packed)  # type: ignore[arg-type]
    _same(got[0].data, expected_packed[0].data)


class _Encoder(nn.Module):
    def __init__(self, layer: nn.RNNBase) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out, state = exportlint.ops.rnn(self.layer, x)
        return out, state[0] if isinstance(state, tuple) else state


@pytest.mark.export
@pytest.mark.parametrize(
    "layer",
    [
        lambda: nn.GRU(5, 7, num_layers=2, bidirectional=True, batch_first=True),
        lambda: nn.LSTM(5, 7, bidirectional=True, batch_first=True, proj_size=4),
        lambda: nn.RNN(5, 7, batch_first=True),
    ],
    ids=["gru", "lstm", "rnn"],
)
def test_exports_with_a_dynamic_time_axis_and_matches_in_onnxruntime(
    layer: Any, tmp_path: Path
) -> None:
    torch.manual_seed(0)
    model = _Encoder(layer()).eval()
    x = torch.randn(2, 6, 5)
    ep = torch.export.export(
        model, (x,), dynamic_shapes=({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},), strict=False
    )
    path = tmp_path / "rnn.onnx"
    onnx_program = torch.onnx.export(ep, (x,), dynamo=True)
    assert onnx_program is not None
    onnx_program.save(str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for shape in [(3, 11, 5), (1, 2, 5), (4, 1, 5)]:
        unseen = torch.randn(*shape)
        expected = model.layer(unseen)
        expected_state = expected[1][0] if isinstance(expected[1], tuple) else expected[1]
        got = session.run(None, {session.get_inputs()[0].name: unseen.numpy()})
        _same(torch.from_numpy(got[0]), expected[0].detach())
        _same(torch.from_numpy(got[1]), expected_state.detach())
        if shape[1] > 1:  # export assumes dynamic sizes >= 2; onnxruntime runs any
            _same(ep.module()(unseen), (expected[0], expected_state))


@pytest.mark.parametrize(
    ("cls", "layers", "bidirectional", "batch_first"),
    list(itertools.product(_CLASSES, (1, 2), (False, True), (False, True))),
)
def test_lengths_equal_a_packed_run(
    cls: type[nn.RNNBase], layers: int, bidirectional: bool, batch_first: bool
) -> None:
    """pack_padded_sequence -> the layer -> pad_packed_sequence(total_length=T)."""
    torch.manual_seed(0)
    module = cls(5, 7, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    module.eval()
    lengths = torch.tensor([6, 3, 5, 1])
    x = torch.randn(4, 6, 5) if batch_first else torch.randn(6, 4, 5)
    packed = nn.utils.rnn.pack_padded_sequence(
        x, lengths, batch_first=batch_first, enforce_sorted=False
    )
    out, state = module(packed)
    out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first, total_length=6)
    _same(recurrence(module, x, lengths=lengths), (out, state))
    _same(recurrence(module, x, lengths=[6, 3, 5, 1]), (out, state))
    _same(rnn(module, x, lengths=lengths), (out, state))


class _PackedEncoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.LSTM(5, 7, batch_first=True, bidirectional=True)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out, (h, _) = exportlint.ops.rnn(self.layer, x, lengths=lengths)
        return out, h


@pytest.mark.export
def test_lengths_export_and_match_a_packed_run_in_onnxruntime(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = _PackedEncoder().eval()
    args = (torch.randn(3, 6, 5), torch.tensor([6, 2, 4]))
    ep = torch.export.export(
        model, args, dynamic_shapes=({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
    )
    path = tmp_path / "packed.onnx"
    onnx_program = torch.onnx.export(ep, args, dynamo=True)
    assert onnx_program is not None
    onnx_program.save(str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    for x, lengths in [
        (torch.randn(4, 9, 5), torch.tensor([9, 1, 5, 7])),
        (torch.randn(2, 3, 5), torch.tensor([2, 3])),
    ]:
        packed = nn.utils.rnn.pack_padded_sequence(
            x, lengths, batch_first=True, enforce_sorted=False
        )
        out, (h, _) = model.layer(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        got = session.run(None, dict(zip(names, (x.numpy(), lengths.numpy()))))
        _same(torch.from_numpy(got[0]), out.detach())
        _same(torch.from_numpy(got[1]), h.detach())
