"""What the probe measures: torch.nn layers and size-taking tensor functions, each in a tiny model.

A case is (name, build, layout). `build()` returns an `nn.Module`; `layout` names the input's
shape and which of its dimensions are dynamic (see LAYOUTS). Layers get a small default config
(4 channels / 8 features); losses get a target computed from the input (so it has the same
dynamic sizes); `probe.py --missing` prints the public classes of torch.nn.modules no case
covers. The `idioms` group is Python-level size arithmetic (`int(h * 0.5)`, `math.ceil(h / k)`,
`range(0, h, k)`, ...) on a dynamic size, in the shapes real model code uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# layout -> (trace shape, unseen shape, dynamic axes, larger unseen shape). Trace sizes avoid
# 0/1; the unseen sizes are odd and not multiples of the trace sizes (non-divisible pools, odd
# halves); the larger ones exceed the trace on every dynamic axis (a window baked from the
# traced size can pass at a smaller size and fail at a larger one).
LAYOUTS: dict[str, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {
    "flat": ((2, 8), (3, 8), (0,), (5, 8)),
    "seq": ((2, 8, 8), (3, 13, 8), (0, 1), (5, 21, 8)),  # (batch, seq, features)
    "seq_first": ((8, 2, 8), (13, 3, 8), (0, 1), (21, 5, 8)),  # (seq, batch, features)
    "ncl": ((2, 4, 12), (3, 4, 19), (0, 2), (5, 4, 29)),
    "nchw": ((2, 4, 12, 10), (3, 4, 19, 7), (0, 2, 3), (5, 4, 29, 23)),
    "ncdhw": ((2, 4, 6, 8, 10), (3, 4, 9, 7, 5), (0, 2, 3, 4), (5, 4, 11, 13, 17)),
    "ids": ((2, 8), (3, 13), (0, 1), (5, 21)),  # integer token ids in [0, 10)
    "signal": ((2, 64), (3, 97), (0, 1), (5, 157)),  # (batch, samples)
}


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], nn.Module]
    layout: str
    group: str


class Fn(nn.Module):
    """A model whose forward is a function of its input."""

    def __init__(self, fn: Callable[[torch.Tensor], object]) -> None:
        super().__init__()
        self.fn = fn

    def forward(self, x: torch.Tensor) -> object:
        return self.fn(x)


class _Holder(nn.Module):
    def __init__(self, inner: nn.Module, call: Callable[[nn.Module, torch.Tensor], object]):
        super().__init__()
        self.inner = inner
        self.call = call

    def forward(self, x: torch.Tensor) -> object:
        return self.call(self.inner, x)


def hold(
    inner: nn.Module, call: Callable[[nn.Module, torch.Tensor], object]
) -> Callable[[], nn.Module]:
    return lambda: _Holder(inner, call)


def _layer(name: str, *args: object) -> Callable[[], nn.Module]:
    """`nn.<name>(*args)`, built when the case runs."""
    return lambda: getattr(nn, name)(*args)


def _first(module: nn.Module) -> nn.Module:
    """Keep the first output of a layer returning a tuple (RNNs, attention)."""
    return _Holder(module, lambda m, x: m(x)[0])


def _pool_unpool(dims: int) -> nn.Module:
    pool = [nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d][dims - 1](2, return_indices=True)
    unpool = [nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d][dims - 1](2)
    return _Holder(nn.ModuleList([pool, unpool]), lambda m, x: m[1](*m[0](x)))


def _transformer_causal() -> nn.Module:
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)

    def call(m: nn.Module, x: torch.Tensor) -> object:
        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1])
        return m(x, src_mask=mask, is_causal=True)

    return _Holder(layer, call)


def _transformer_padding_mask() -> nn.Module:
    enc = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True),
        2,
        enable_nested_tensor=False,
    )

    def call(m: nn.Module, x: torch.Tensor) -> object:
        pad = x[..., 0] > 1.5  # a key padding mask computed from the input
        return m(x, src_key_padding_mask=pad)

    return _Holder(enc, call)


def _modules() -> list[Case]:
    L = "seq"
    m: list[tuple[str, Callable[[], nn.Module], str]] = [
        # activations and elementwise layers
        *[
            (n, _layer(n), L)
            for n in (
                "CELU",
                "ELU",
                "GELU",
                "Hardshrink",
                "Hardsigmoid",
                "Hardswish",
                "Hardtanh",
                "Identity",
                "LeakyReLU",
                "LogSigmoid",
                "Mish",
                "PReLU",
                "ReLU",
                "ReLU6",
                "SELU",
                "SiLU",
                "Sigmoid",
                "Softplus",
                "Softshrink",
                "Softsign",
                "Tanh",
                "Tanhshrink",
                "Dropout",
                "AlphaDropout",
                "FeatureAlphaDropout",
                "Dropout1d",
                "Flatten",
            )
        ],
        ("GLU", lambda: nn.GLU(-1), L),
        ("Threshold", lambda: nn.Threshold(0.1, 0.0), L),
        ("RReLU(eval)", lambda: nn.RReLU().eval(), L),
        ("Softmax", lambda: nn.Softmax(-1), L),
        ("Softmin", lambda: nn.Softmin(-1), L),
        ("LogSoftmax", lambda: nn.LogSoftmax(-1), L),
        ("Softmax2d", lambda: nn.Softmax2d(), "nchw"),
        ("Dropout2d", lambda: nn.Dropout2d(), "nchw"),
        ("Dropout3d", lambda: nn.Dropout3d(), "ncdhw"),
        ("Unflatten", lambda: nn.Unflatten(-1, (2, 4)), L),
        # linear and normalisation
        ("Linear", lambda: nn.Linear(8, 5), L),
        ("LazyLinear", lambda: nn.LazyLinear(5), L),
        ("Bilinear", lambda: hold(nn.Bilinear(8, 8, 3), lambda m, x: m(x, x))(), L),
        ("LayerNorm", lambda: nn.LayerNorm(8), L),
        ("RMSNorm", lambda: nn.RMSNorm(8), L),
        ("GroupNorm", lambda: nn.GroupNorm(2, 4), "nchw"),
        ("BatchNorm1d(eval)", lambda: nn.BatchNorm1d(4).eval(), "ncl"),
        ("BatchNorm2d(eval)", lambda: nn.BatchNorm2d(4).eval(), "nchw"),
        ("BatchNorm3d(eval)", lambda: nn.BatchNorm3d(4).eval(), "ncdhw"),
        ("BatchNorm2d(train)", lambda: nn.BatchNorm2d(4).train(), "nchw"),
        ("InstanceNorm1d", lambda: nn.InstanceNorm1d(4), "ncl"),
        ("InstanceNorm2d", lambda: nn.InstanceNorm2d(4, affine=True), "nchw"),
        ("InstanceNorm3d", lambda: nn.InstanceNorm3d(4), "ncdhw"),
        ("LocalResponseNorm", lambda: nn.LocalResponseNorm(2), "nchw"),
        ("CrossMapLRN2d", lambda: nn.CrossMapLRN2d(3), "nchw"),
        ("CosineSimilarity", lambda: hold(nn.CosineSimilarity(-1), lambda m, x: m(x, x + 1))(), L),
        ("PairwiseDistance", lambda: hold(nn.PairwiseDistance(), lambda m, x: m(x, x + 1))(), L),
        # embeddings
        ("Embedding", lambda: nn.Embedding(10, 4), "ids"),
        ("EmbeddingBag", lambda: nn.EmbeddingBag(10, 4), "ids"),
        ("Embedding(padding_idx)", lambda: nn.Embedding(10, 4, padding_idx=0), "ids"),
        # convolutions
        ("Conv1d", lambda: nn.Conv1d(4, 4, 3, padding=1), "ncl"),
        ("Conv1d(same)", lambda: nn.Conv1d(4, 4, 4, padding="same"), "ncl"),
        ("Conv1d(stride2)", lambda: nn.Conv1d(4, 4, 3, stride=2), "ncl"),
        ("Conv1d(circular)", lambda: nn.Conv1d(4, 4, 3, padding=1, padding_mode="circular"), "ncl"),
        ("Conv2d", lambda: nn.Conv2d(4, 4, 3, padding=1), "nchw"),
        ("Conv2d(reflect)", lambda: nn.Conv2d(4, 4, 3, padding=1, padding_mode="reflect"), "nchw"),
        ("Conv3d", lambda: nn.Conv3d(4, 4, 3, padding=1), "ncdhw"),
        ("LazyConv2d", lambda: nn.LazyConv2d(4, 3), "nchw"),
        ("ConvTranspose1d", lambda: nn.ConvTranspose1d(4, 4, 2, stride=2), "ncl"),
        (
            "ConvTranspose2d",
            lambda: nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, output_padding=1),
            "nchw",
        ),
        ("ConvTranspose3d", lambda: nn.ConvTranspose3d(4, 4, 2, stride=2), "ncdhw"),
        (
            "ConvTranspose2d(output_size)",
            lambda: hold(
                nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1),
                lambda m, x: m(x, output_size=(x.shape[2] * 2, x.shape[3] * 2)),
            )(),
            "nchw",
        ),
        # pooling
        ("MaxPool1d", lambda: nn.MaxPool1d(2), "ncl"),
        ("MaxPool2d", lambda: nn.MaxPool2d(2), "nchw"),
        ("MaxPool2d(ceil)", lambda: nn.MaxPool2d(3, 2, ceil_mode=True), "nchw"),
        ("MaxPool3d", lambda: nn.MaxPool3d(2), "ncdhw"),
        ("AvgPool1d", lambda: nn.AvgPool1d(2), "ncl"),
        ("AvgPool2d", lambda: nn.AvgPool2d(2), "nchw"),
        ("AvgPool2d(ceil)", lambda: nn.AvgPool2d(3, 2, ceil_mode=True), "nchw"),
        ("AvgPool3d", lambda: nn.AvgPool3d(2), "ncdhw"),
        ("LPPool1d", lambda: nn.LPPool1d(2, 2), "ncl"),
        ("LPPool2d", lambda: nn.LPPool2d(2, 2), "nchw"),
        ("LPPool3d", lambda: nn.LPPool3d(2, 2), "ncdhw"),
        ("AdaptiveAvgPool1d(1)", lambda: nn.AdaptiveAvgPool1d(1), "ncl"),
        ("AdaptiveAvgPool1d(5)", lambda: nn.AdaptiveAvgPool1d(5), "ncl"),
        ("AdaptiveAvgPool2d(1)", lambda: nn.AdaptiveAvgPool2d(1), "nchw"),
        ("AdaptiveAvgPool2d(3)", lambda: nn.AdaptiveAvgPool2d(3), "nchw"),
        ("AdaptiveAvgPool2d((None,1))", lambda: nn.AdaptiveAvgPool2d((None, 1)), "nchw"),
        ("AdaptiveAvgPool2d((None,3))", lambda: nn.AdaptiveAvgPool2d((None, 3)), "nchw"),
        ("AdaptiveAvgPool2d((1,None))", lambda: nn.AdaptiveAvgPool2d((1, None)), "nchw"),
        ("AdaptiveAvgPool1d(None)", lambda: nn.AdaptiveAvgPool1d(None), "ncl"),
        ("AdaptiveAvgPool3d(1)", lambda: nn.AdaptiveAvgPool3d(1), "ncdhw"),
        ("AdaptiveAvgPool3d(2)", lambda: nn.AdaptiveAvgPool3d(2), "ncdhw"),
        ("AdaptiveMaxPool1d(1)", lambda: nn.AdaptiveMaxPool1d(1), "ncl"),
        ("AdaptiveMaxPool1d(5)", lambda: nn.AdaptiveMaxPool1d(5), "ncl"),
        ("AdaptiveMaxPool2d(1)", lambda: nn.AdaptiveMaxPool2d(1), "nchw"),
        ("AdaptiveMaxPool2d(3)", lambda: nn.AdaptiveMaxPool2d(3), "nchw"),
        ("AdaptiveMaxPool3d(2)", lambda: nn.AdaptiveMaxPool3d(2), "ncdhw"),
        (
            "FractionalMaxPool2d",
            lambda: nn.FractionalMaxPool2d(
                2, output_size=3, _random_samples=torch.full((1, 4, 2), 0.5)
            ),
            "nchw",
        ),
        ("MaxUnpool1d", lambda: _pool_unpool(1), "ncl"),
        ("MaxUnpool2d", lambda: _pool_unpool(2), "nchw"),
        ("MaxUnpool3d", lambda: _pool_unpool(3), "ncdhw"),
        # padding
        *[
            (n, _layer(n, 1), lay)
            for n, lay in (
                ("ZeroPad1d", "ncl"),
                ("ReflectionPad1d", "ncl"),
                ("ReplicationPad1d", "ncl"),
                ("CircularPad1d", "ncl"),
                ("ZeroPad2d", "nchw"),
                ("ReflectionPad2d", "nchw"),
                ("ReplicationPad2d", "nchw"),
                ("CircularPad2d", "nchw"),
                ("ZeroPad3d", "ncdhw"),
                ("ReflectionPad3d", "ncdhw"),
                ("ReplicationPad3d", "ncdhw"),
                ("CircularPad3d", "ncdhw"),
            )
        ],
        ("ConstantPad1d", lambda: nn.ConstantPad1d(1, 0.5), "ncl"),
        ("ConstantPad2d", lambda: nn.ConstantPad2d(1, 0.5), "nchw"),
        ("ConstantPad3d", lambda: nn.ConstantPad3d(1, 0.5), "ncdhw"),
        # shuffles, folds, resampling
        ("PixelShuffle", lambda: nn.PixelShuffle(2), "nchw"),
        (
            "PixelUnshuffle",
            lambda: hold(
                nn.PixelUnshuffle(2),
                lambda m, x: m(x[:, :, : x.shape[2] // 2 * 2, : x.shape[3] // 2 * 2]),
            )(),
            "nchw",
        ),
        ("ChannelShuffle", lambda: nn.ChannelShuffle(2), "nchw"),
        ("Unfold", lambda: nn.Unfold(3), "nchw"),
        ("Unfold(stride2)", lambda: nn.Unfold(2, stride=2), "nchw"),
        (
            "Fold(of Unfold)",
            lambda: hold(
                nn.Unfold(3, padding=1), lambda m, x: F.fold(m(x), x.shape[-2:], 3, padding=1)
            )(),
            "nchw",
        ),
        ("Upsample(scale2,nearest)", lambda: nn.Upsample(scale_factor=2), "nchw"),
        ("Upsample(scale2,bilinear)", lambda: nn.Upsample(scale_factor=2, mode="bilinear"), "nchw"),
        (
            "Upsample(scale1.5,bilinear)",
            lambda: nn.Upsample(scale_factor=1.5, mode="bilinear"),
            "nchw",
        ),
        ("Upsample(scale2,bicubic)", lambda: nn.Upsample(scale_factor=2, mode="bicubic"), "nchw"),
        ("Upsample(size=16)", lambda: nn.Upsample(size=(16, 16)), "nchw"),
        ("Upsample(linear,1d)", lambda: nn.Upsample(scale_factor=2, mode="linear"), "ncl"),
        ("Upsample(trilinear)", lambda: nn.Upsample(scale_factor=2, mode="trilinear"), "ncdhw"),
        ("UpsamplingNearest2d", lambda: nn.UpsamplingNearest2d(scale_factor=2), "nchw"),
        ("UpsamplingBilinear2d", lambda: nn.UpsamplingBilinear2d(scale_factor=2), "nchw"),
        # recurrent
        ("RNN", lambda: _first(nn.RNN(8, 6, batch_first=True)), L),
        (
            "RNN(2layers,bidir)",
            lambda: _first(nn.RNN(8, 6, 2, batch_first=True, bidirectional=True)),
            L,
        ),
        ("LSTM", lambda: _first(nn.LSTM(8, 6, batch_first=True)), L),
        ("LSTM(seq_first)", lambda: _first(nn.LSTM(8, 6)), "seq_first"),
        (
            "LSTM(2layers,bidir)",
            lambda: _first(nn.LSTM(8, 6, 2, batch_first=True, bidirectional=True)),
            L,
        ),
        ("LSTM(proj)", lambda: _first(nn.LSTM(8, 6, batch_first=True, proj_size=3)), L),
        ("GRU", lambda: _first(nn.GRU(8, 6, batch_first=True)), L),
        ("GRU(bidir)", lambda: _first(nn.GRU(8, 6, batch_first=True, bidirectional=True)), L),
        ("RNNCell", lambda: nn.RNNCell(8, 6), "flat"),
        ("LSTMCell", lambda: _first(nn.LSTMCell(8, 6)), "flat"),
        ("GRUCell", lambda: nn.GRUCell(8, 6), "flat"),
        # attention and transformers (eval: dropout off, the fast path is what users export)
        (
            "MultiheadAttention",
            lambda: hold(
                nn.MultiheadAttention(8, 2, batch_first=True), lambda m, x: m(x, x, x)[0]
            )().eval(),
            L,
        ),
        (
            "MultiheadAttention(need_weights=False)",
            lambda: hold(
                nn.MultiheadAttention(8, 2, batch_first=True),
                lambda m, x: m(x, x, x, need_weights=False)[0],
            )().eval(),
            L,
        ),
        (
            "MultiheadAttention(key_padding_mask)",
            lambda: hold(
                nn.MultiheadAttention(8, 2, batch_first=True),
                lambda m, x: m(x, x, x, key_padding_mask=x[..., 0] > 1.5)[0],
            )().eval(),
            L,
        ),
        (
            "MultiheadAttention(causal attn_mask)",
            lambda: hold(
                nn.MultiheadAttention(8, 2, batch_first=True),
                lambda m, x: m(
                    x,
                    x,
                    x,
                    attn_mask=torch.triu(torch.ones(x.shape[1], x.shape[1], dtype=torch.bool), 1),
                )[0],
            )().eval(),
            L,
        ),
        (
            "TransformerEncoderLayer(eval)",
            lambda: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True).eval(),
            L,
        ),
        (
            "TransformerEncoderLayer(train,dropout0)",
            lambda: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True),
            L,
        ),
        (
            "TransformerEncoderLayer(norm_first)",
            lambda: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True, norm_first=True).eval(),
            L,
        ),
        (
            "TransformerEncoder(eval)",
            lambda: nn.TransformerEncoder(
                nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2
            ).eval(),
            L,
        ),
        ("TransformerEncoder(padding_mask,eval)", lambda: _transformer_padding_mask().eval(), L),
        (
            "TransformerEncoderLayer(generate_square_subsequent_mask)",
            lambda: _transformer_causal().eval(),
            L,
        ),
        (
            "TransformerDecoderLayer",
            lambda: hold(
                nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), lambda m, x: m(x, x)
            )().eval(),
            L,
        ),
        (
            "TransformerDecoder",
            lambda: hold(
                nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), 2),
                lambda m, x: m(x, x),
            )().eval(),
            L,
        ),
        (
            "Transformer",
            lambda: hold(
                nn.Transformer(8, 2, 1, 1, 16, batch_first=True), lambda m, x: m(x, x)
            )().eval(),
            L,
        ),
        (
            "Transformer(causal tgt_mask)",
            lambda: hold(
                nn.Transformer(8, 2, 1, 1, 16, batch_first=True),
                lambda m, x: m(
                    x,
                    x,
                    tgt_mask=nn.Transformer.generate_square_subsequent_mask(x.shape[1]),
                    tgt_is_causal=True,
                ),
            )().eval(),
            L,
        ),
        (
            "AdaptiveLogSoftmaxWithLoss.log_prob",
            lambda: hold(
                nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4]), lambda m, x: m.log_prob(x.flatten(0, 1))
            )(),
            L,
        ),
    ]
    return [Case(n, b, lay, "modules") for n, b, lay in m]


def _functions() -> list[Case]:
    f: list[tuple[str, Callable[[torch.Tensor], object], str]] = [
        # factories given sizes
        ("torch.zeros(sizes)", lambda x: x + torch.zeros(x.shape[0], x.shape[1], 1), "seq"),
        ("x.new_zeros(x.shape)", lambda x: x + x.new_zeros(x.shape), "seq"),
        ("x.new_ones(sizes)", lambda x: x + x.new_ones(x.shape[0], 1, 1), "seq"),
        ("x.new_full(sizes)", lambda x: x + x.new_full((x.shape[0], 1, 1), 2.0), "seq"),
        ("x.new_empty(sizes).fill_", lambda x: x + x.new_empty(x.shape).fill_(1.0), "seq"),
        ("x.new_tensor(sizes)", lambda x: x * x.new_tensor([x.shape[0], x.shape[1]]).sum(), "seq"),
        ("x.new_tensor(x.shape)", lambda x: x * x.new_tensor(x.shape).sum(), "seq"),
        ("torch.tensor(size)", lambda x: x * torch.tensor(x.shape[1]), "seq"),
        (
            "torch.tensor([sizes])",
            lambda x: x * torch.tensor([x.shape[0], x.shape[1]]).sum(),
            "seq",
        ),
        ("torch.tensor(x.shape)", lambda x: x * torch.tensor(x.shape).sum(), "seq"),
        ("torch.tensor(x.shape[-2:])", lambda x: x * torch.tensor(x.shape[-2:]).prod(), "nchw"),
        ("torch.as_tensor(size)", lambda x: x * torch.as_tensor(x.shape[1]), "seq"),
        ("torch.as_tensor(x.shape)", lambda x: x * torch.as_tensor(x.shape).sum(), "seq"),
        ("torch.scalar_tensor(size)", lambda x: x * torch.scalar_tensor(x.shape[1]), "seq"),
        ("torch.full(sizes,size)", lambda x: x + torch.full((x.shape[0], 1, 1), x.shape[1]), "seq"),
        ("torch.ones_like", lambda x: x + torch.ones_like(x), "seq"),
        ("torch.empty(sizes).zero_", lambda x: x + torch.empty(x.shape).zero_(), "seq"),
        (
            "torch.eye(n)",
            lambda x: x @ torch.eye(x.shape[-1]) + torch.eye(x.shape[1])[:, :1].sum(),
            "seq",
        ),
        ("torch.eye(n,m)", lambda x: x + torch.eye(x.shape[1], x.shape[2]), "seq"),
        ("torch.arange(n)", lambda x: x + torch.arange(x.shape[1])[None, :, None], "seq"),
        ("torch.arange(0,n,2)", lambda x: x[:, torch.arange(0, x.shape[1], 2)], "seq"),
        (
            "torch.arange(n,dtype=float)/n",
            lambda x: (
                x + (torch.arange(x.shape[1], dtype=torch.float32) / x.shape[1])[None, :, None]
            ),
            "seq",
        ),
        (
            "torch.linspace(steps=n)",
            lambda x: x + torch.linspace(0, 1, x.shape[1])[None, :, None],
            "seq",
        ),
        (
            "torch.linspace(steps=const)",
            lambda x: x + torch.linspace(0, 1, 8)[None, None, :],
            "seq",
        ),
        (
            "torch.logspace(steps=n)",
            lambda x: x + torch.logspace(0, 1, x.shape[1])[None, :, None],
            "seq",
        ),
        (
            "torch.tril_indices(n,n)",
            lambda x: x[:, torch.tril_indices(x.shape[1], x.shape[1])[0]],
            "seq",
        ),
        (
            "torch.triu(ones(n,n))",
            lambda x: torch.triu(torch.ones(x.shape[1], x.shape[1])) @ x,
            "seq",
        ),
        (
            "torch.tril(ones(n,n),-1)",
            lambda x: torch.tril(torch.ones(x.shape[1], x.shape[1]), -1) @ x,
            "seq",
        ),
        (
            "torch.meshgrid(arange,arange)",
            lambda x: (
                x
                + sum(
                    torch.meshgrid(
                        torch.arange(x.shape[2]), torch.arange(x.shape[3]), indexing="ij"
                    )
                )
            ),
            "nchw",
        ),
        (
            "torch.cartesian_prod",
            lambda x: x + torch.cartesian_prod(torch.arange(x.shape[1]), torch.arange(2)).sum(),
            "seq",
        ),
        ("torch.randn(sizes)*0", lambda x: x + 0 * torch.randn(x.shape), "seq"),
        ("torch.rand_like*0", lambda x: x + 0 * torch.rand_like(x), "seq"),
        # interpolation, pooling, padding with computed sizes
        (
            "F.interpolate(size=computed)",
            lambda x: F.interpolate(x, size=(x.shape[2] * 2, x.shape[3] + 3)),
            "nchw",
        ),
        (
            "F.interpolate(size=other.shape)",
            lambda x: F.interpolate(x[:, :, ::2, ::2], size=x.shape[-2:], mode="bilinear"),
            "nchw",
        ),
        (
            "F.interpolate(size=int(h*1.5))",
            lambda x: F.interpolate(x, size=(int(x.shape[2] * 1.5), int(x.shape[3] * 1.5))),
            "nchw",
        ),
        (
            "F.interpolate(scale_factor=2)",
            lambda x: F.interpolate(x, scale_factor=2, mode="bilinear"),
            "nchw",
        ),
        (
            "F.interpolate(scale_factor=2,recompute)",
            lambda x: F.interpolate(
                x, scale_factor=2, mode="bilinear", recompute_scale_factor=True
            ),
            "nchw",
        ),
        (
            "F.interpolate(scale_factor=0.5)",
            lambda x: F.interpolate(x, scale_factor=0.5, mode="nearest"),
            "nchw",
        ),
        (
            "F.interpolate(antialias)",
            lambda x: F.interpolate(x, size=(6, 6), mode="bilinear", antialias=True),
            "nchw",
        ),
        (
            "F.interpolate(area,size=const)",
            lambda x: F.interpolate(x, size=(4, 4), mode="area"),
            "nchw",
        ),
        (
            "F.interpolate(nearest-exact)",
            lambda x: F.interpolate(x, scale_factor=2, mode="nearest-exact"),
            "nchw",
        ),
        (
            "F.adaptive_avg_pool2d(h//2)",
            lambda x: F.adaptive_avg_pool2d(x, (x.shape[2] // 2, x.shape[3] // 2)),
            "nchw",
        ),
        ("F.adaptive_avg_pool1d(7)", lambda x: F.adaptive_avg_pool1d(x, 7), "ncl"),
        ("F.pad(computed)", lambda x: F.pad(x, (0, (4 - x.shape[-1] % 4) % 4)), "ncl"),
        (
            "F.pad(reflect,computed)",
            lambda x: F.pad(x, (0, (4 - x.shape[-1] % 4) % 4), mode="reflect"),
            "ncl",
        ),
        ("F.pad(negative)", lambda x: F.pad(x, (-1, -1)), "ncl"),
        (
            "F.grid_sample(affine_grid)",
            lambda x: F.grid_sample(
                x,
                F.affine_grid(
                    torch.eye(2, 3).expand(x.shape[0], 2, 3), list(x.shape), align_corners=False
                ),
                align_corners=False,
            ),
            "nchw",
        ),
        ("F.unfold(3)", lambda x: F.unfold(x, 3), "nchw"),
        (
            "F.fold(output_size=dynamic)",
            lambda x: F.fold(
                F.unfold(x, 2, stride=2), (x.shape[2] // 2 * 2, x.shape[3] // 2 * 2), 2, stride=2
            ),
            "nchw",
        ),
        ("x.unfold(dim,size,step)", lambda x: x.unfold(2, 4, 2), "ncl"),
        ("F.max_pool1d", lambda x: F.max_pool1d(x, 2), "ncl"),
        ("F.avg_pool1d", lambda x: F.avg_pool1d(x, 2), "ncl"),
        ("F.max_pool2d", lambda x: F.max_pool2d(x, 2), "nchw"),
        ("F.one_hot(num_classes=10)", lambda x: F.one_hot(x, 10), "ids"),
        ("F.one_hot(no num_classes)", lambda x: F.one_hot(x), "ids"),
        ("F.embedding", lambda x: F.embedding(x, torch.ones(10, 3)), "ids"),
        (
            "F.scaled_dot_product_attention",
            lambda x: F.scaled_dot_product_attention(x, x, x),
            "seq",
        ),
        (
            "F.scaled_dot_product_attention(is_causal)",
            lambda x: F.scaled_dot_product_attention(x, x, x, is_causal=True),
            "seq",
        ),
        (
            "F.scaled_dot_product_attention(4d heads)",
            lambda x: F.scaled_dot_product_attention(
                *[x.unflatten(-1, (2, 4)).transpose(1, 2)] * 3
            ),
            "seq",
        ),
        (
            "F.scaled_dot_product_attention(4d,is_causal)",
            lambda x: F.scaled_dot_product_attention(
                *[x.unflatten(-1, (2, 4)).transpose(1, 2)] * 3, is_causal=True
            ),
            "seq",
        ),
        (
            "F.scaled_dot_product_attention(4d,attn_mask)",
            lambda x: F.scaled_dot_product_attention(
                *[x.unflatten(-1, (2, 4)).transpose(1, 2)] * 3,
                attn_mask=torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).tril(),
            ),
            "seq",
        ),
        (
            "F.interpolate(area,scale_factor=0.5)",
            lambda x: F.interpolate(x, scale_factor=0.5, mode="area"),
            "nchw",
        ),
        (
            "F.interpolate(area,size=(h//2,w//2))",
            lambda x: F.interpolate(x, size=(x.shape[2] // 2, x.shape[3] // 2), mode="area"),
            "nchw",
        ),
        (
            "F.scaled_dot_product_attention(4d,padding mask)",
            lambda x: F.scaled_dot_product_attention(
                *[x.unflatten(-1, (2, 4)).transpose(1, 2)] * 3,
                attn_mask=(x[:, None, None, :, 0] > -1.0) | (torch.arange(x.shape[1]) == 0),
            ),
            "seq",
        ),
        ("torch.fft.ifftshift", lambda x: torch.fft.ifftshift(x, dim=-1), "signal"),
        (
            "torch.fft.fftshift(const len)",
            lambda x: torch.fft.fftshift(x[:, :16], dim=-1),
            "signal",
        ),
        ("x.amax() (no dim)", lambda x: x - x.amax(), "seq"),
        ("x.amin() (no dim)", lambda x: x - x.amin(), "seq"),
        ("x.amax(dim=(1,2))", lambda x: x - x.amax(dim=(1, 2), keepdim=True), "seq"),
        ("torch.linalg.pinv(static)", lambda x: torch.linalg.pinv(x[:, :4, :]), "seq"),
        ("F.pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), "nchw"),
        ("F.normalize", lambda x: F.normalize(x, dim=-1), "seq"),
        ("F.layer_norm(x.shape[-1:])", lambda x: F.layer_norm(x, x.shape[-1:]), "seq"),
        ("F.group_norm", lambda x: F.group_norm(x, 2), "nchw"),
        ("F.softmax", lambda x: F.softmax(x, -1), "seq"),
        ("F.gumbel_softmax(hard)*0", lambda x: 0 * F.gumbel_softmax(x, hard=True), "seq"),
        ("F.cosine_similarity", lambda x: F.cosine_similarity(x, x + 1, dim=-1), "seq"),
        (
            "F.cross_entropy",
            lambda x: F.cross_entropy(
                x.transpose(1, 2), torch.zeros(x.shape[0], x.shape[1], dtype=torch.long)
            ),
            "seq",
        ),
        # signal processing
        (
            "torch.stft",
            lambda x: torch.stft(
                x, 16, hop_length=4, window=torch.hann_window(16), return_complex=True
            ).abs(),
            "signal",
        ),
        (
            "torch.stft(center=False)",
            lambda x: torch.stft(
                x, 16, hop_length=4, window=torch.hann_window(16), center=False, return_complex=True
            ).abs(),
            "signal",
        ),
        (
            "torch.stft->view_as_real",
            lambda x: torch.view_as_real(
                torch.stft(x, 16, hop_length=4, window=torch.hann_window(16), return_complex=True)
            ),
            "signal",
        ),
        (
            "torch.istft(stft)",
            lambda x: torch.istft(
                torch.stft(x, 16, hop_length=4, window=torch.hann_window(16), return_complex=True),
                16,
                hop_length=4,
                window=torch.hann_window(16),
                length=x.shape[-1],
            ),
            "signal",
        ),
        ("torch.fft.rfft", lambda x: torch.fft.rfft(x).abs(), "signal"),
        ("torch.fft.fft", lambda x: torch.fft.fft(x).abs(), "signal"),
        (
            "torch.fft.irfft(rfft)",
            lambda x: torch.fft.irfft(torch.fft.rfft(x), n=x.shape[-1]),
            "signal",
        ),
        ("torch.fft.rfft2", lambda x: torch.fft.rfft2(x).abs(), "nchw"),
        ("torch.fft.fftshift", lambda x: torch.fft.fftshift(x, dim=-1), "signal"),
        ("torch.hann_window(n)", lambda x: x * torch.hann_window(x.shape[-1]), "signal"),
        ("torch.hann_window(const)", lambda x: x[:, :16] * torch.hann_window(16), "signal"),
        # shape manipulation taking sizes
        ("x.view(b,-1)", lambda x: x.view(x.shape[0], -1), "seq"),
        ("x.reshape(b,s//2,-1)", lambda x: x.reshape(x.shape[0], x.shape[1] // 2, -1), "seq"),
        ("x.expand(b,s,s)", lambda x: x[..., :1].expand(x.shape[0], x.shape[1], x.shape[1]), "seq"),
        ("x.repeat(1,n,1)", lambda x: x.repeat(1, 2, 1), "seq"),
        ("x.repeat_interleave(2)", lambda x: x.repeat_interleave(2, dim=1), "seq"),
        (
            "x.repeat_interleave(tensor)",
            lambda x: x.repeat_interleave(torch.full((x.shape[1],), 2), dim=1),
            "seq",
        ),
        ("torch.roll(shifts=n//2)", lambda x: torch.roll(x, x.shape[1] // 2, 1), "seq"),
        ("torch.roll(shifts=1)", lambda x: torch.roll(x, 1, 1), "seq"),
        ("torch.flip", lambda x: torch.flip(x, (1,)), "seq"),
        ("x.narrow(1,0,n//2)", lambda x: x.narrow(1, 0, x.shape[1] // 2), "seq"),
        ("x.split(n//2)", lambda x: x.split(x.shape[1] // 2, 1)[0], "seq"),
        ("x.split(const)", lambda x: torch.cat(x.split(3, 1)[::-1], 1), "seq"),
        ("x.chunk(2)", lambda x: x.chunk(2, 1)[0], "seq"),
        ("x.tensor_split(3)", lambda x: x.tensor_split(3, 1)[1], "seq"),
        ("torch.unbind(dynamic)", lambda x: torch.stack(torch.unbind(x, 1), 1), "seq"),
        ("x[:, :n//2]", lambda x: x[:, : x.shape[1] // 2], "seq"),
        ("x[:, -3:]", lambda x: x[:, -3:], "seq"),
        ("x[:, ::2]", lambda x: x[:, ::2], "seq"),
        ("torch.diagonal", lambda x: torch.diagonal(x, dim1=1, dim2=2), "seq"),
        ("torch.diag_embed", lambda x: torch.diag_embed(x[..., 0]), "seq"),
        ("torch.block_diag", lambda x: torch.block_diag(x[0], x[1]), "seq"),
        ("torch.kron", lambda x: torch.kron(x, torch.ones(1, 2, 1)), "seq"),
        ("torch.einsum", lambda x: torch.einsum("bsd,btd->bst", x, x), "seq"),
        ("torch.cdist", lambda x: torch.cdist(x, x), "seq"),
        ("torch.diff", lambda x: torch.diff(x, dim=1), "seq"),
        ("torch.trapz", lambda x: torch.trapezoid(x, dim=1), "seq"),
        ("torch.cov", lambda x: torch.cov(x[0]), "seq"),
        ("torch.corrcoef", lambda x: torch.corrcoef(x[0] + torch.arange(x.shape[2])), "seq"),
        # reductions and sorting (exports; ONNX is the question)
        ("torch.cumsum", lambda x: torch.cumsum(x, 1), "seq"),
        ("torch.cumprod", lambda x: torch.cumprod(x, 1), "seq"),
        ("torch.cummax", lambda x: torch.cummax(x, 1).values, "seq"),
        ("torch.logcumsumexp", lambda x: torch.logcumsumexp(x, 1), "seq"),
        ("torch.sort", lambda x: torch.sort(x, 1).values, "seq"),
        ("torch.argsort", lambda x: torch.argsort(x, 1), "seq"),
        ("torch.topk(k=3)", lambda x: torch.topk(x, 3, 1).values, "seq"),
        ("torch.topk(k=n//2)", lambda x: torch.topk(x, x.shape[1] // 2, 1).values, "seq"),
        ("torch.kthvalue", lambda x: torch.kthvalue(x, 2, 1).values, "seq"),
        ("torch.median(dim)", lambda x: torch.median(x, 1).values, "seq"),
        ("torch.quantile", lambda x: torch.quantile(x, 0.5, dim=1), "seq"),
        ("torch.nanmean", lambda x: torch.nanmean(x, 1), "seq"),
        ("torch.std", lambda x: torch.std(x, 1), "seq"),
        ("torch.var_mean", lambda x: torch.var_mean(x, 1)[0], "seq"),
        ("torch.logsumexp", lambda x: torch.logsumexp(x, 1), "seq"),
        ("torch.amax(no dim)", lambda x: x - torch.amax(x), "seq"),
        ("torch.amax(dim)", lambda x: x - torch.amax(x, 1, keepdim=True), "seq"),
        ("torch.max(no dim)", lambda x: x - torch.max(x), "seq"),
        ("torch.aminmax", lambda x: torch.aminmax(x, dim=1)[0], "seq"),
        ("torch.norm", lambda x: torch.norm(x, dim=-1), "seq"),
        ("torch.linalg.vector_norm", lambda x: torch.linalg.vector_norm(x, dim=-1), "seq"),
        ("torch.linalg.norm(matrix)", lambda x: torch.linalg.matrix_norm(x), "seq"),
        ("torch.bucketize", lambda x: torch.bucketize(x, torch.tensor([-1.0, 0.0, 1.0])), "seq"),
        (
            "torch.searchsorted",
            lambda x: torch.searchsorted(torch.tensor([-1.0, 0.0, 1.0]), x.contiguous()),
            "seq",
        ),
        ("torch.histc", lambda x: torch.histc(x, 4), "seq"),
        ("torch.count_nonzero", lambda x: torch.count_nonzero(x > 0, 1), "seq"),
        ("torch.unique(sorted)", lambda x: torch.unique(x), "ids"),
        ("torch.bincount", lambda x: torch.bincount(x.flatten(), minlength=10), "ids"),
        ("torch.nonzero", lambda x: torch.nonzero(x > 0), "seq"),
        ("x[mask]", lambda x: x[x > 0], "seq"),
        ("torch.masked_select", lambda x: torch.masked_select(x, x > 0), "seq"),
        ("torch.where(cond)", lambda x: torch.where(x > 0)[0], "seq"),
        ("torch.argwhere", lambda x: torch.argwhere(x > 0), "seq"),
        ("torch.nonzero_static", lambda x: torch.nonzero_static(x > 0, size=4), "seq"),
        (
            "torch.multinomial*0",
            lambda x: torch.multinomial(x.flatten(1).softmax(-1), 2) * 0,
            "seq",
        ),
        # linear algebra
        (
            "torch.linalg.inv",
            lambda x: torch.linalg.inv(x[:, :4, :4] @ x[:, :4, :4].mT + torch.eye(4)),
            "seq",
        ),
        ("torch.linalg.det", lambda x: torch.linalg.det(x[:, :4, :4]), "seq"),
        (
            "torch.linalg.solve",
            lambda x: torch.linalg.solve(x[:, :4, :4] @ x[:, :4, :4].mT + torch.eye(4), x[:, :4]),
            "seq",
        ),
        (
            "torch.linalg.cholesky",
            lambda x: torch.linalg.cholesky(x[:, :4, :4] @ x[:, :4, :4].mT + torch.eye(4)),
            "seq",
        ),
        ("torch.linalg.qr", lambda x: torch.linalg.qr(x)[1].abs(), "seq"),
        ("torch.linalg.svdvals", lambda x: torch.linalg.svdvals(x), "seq"),
        (
            "torch.linalg.eigh(vals)",
            lambda x: torch.linalg.eigvalsh(x[:, :4, :4] @ x[:, :4, :4].mT),
            "seq",
        ),
        ("torch.linalg.pinv", lambda x: torch.linalg.pinv(x), "seq"),
        (
            "torch.triangular_solve",
            lambda x: torch.linalg.solve_triangular(
                torch.eye(4) * 2 + torch.ones(4, 4).triu(), x[:, :4], upper=True
            ),
            "seq",
        ),
        ("torch.matrix_exp", lambda x: torch.matrix_exp(x[:, :4, :4] * 0.1), "seq"),
        # elementwise ops with less common translations
        ("torch.erfinv", lambda x: torch.erfinv(torch.tanh(x) * 0.9), "seq"),
        ("torch.lgamma", lambda x: torch.lgamma(x.abs() + 1), "seq"),
        ("torch.digamma", lambda x: torch.digamma(x.abs() + 1), "seq"),
        ("torch.special.i0", lambda x: torch.special.i0(x), "seq"),
        ("torch.special.erfcx", lambda x: torch.special.erfcx(x), "seq"),
        ("torch.logit", lambda x: torch.logit(torch.sigmoid(x), eps=1e-6), "seq"),
        ("torch.nan_to_num", lambda x: torch.nan_to_num(x.log()), "seq"),
        ("torch.fmod", lambda x: torch.fmod(x, 0.7), "seq"),
        ("torch.remainder(float)", lambda x: torch.remainder(x, 0.7), "seq"),
        ("torch.atan2", lambda x: torch.atan2(x, x + 1), "seq"),
        ("torch.hypot", lambda x: torch.hypot(x, x + 1), "seq"),
        ("torch.logaddexp", lambda x: torch.logaddexp(x, x + 1), "seq"),
        ("torch.xlogy", lambda x: torch.xlogy(x, x.abs() + 1), "seq"),
        ("torch.polar->abs", lambda x: torch.polar(x.abs(), x).abs(), "seq"),
        (
            "torch.view_as_complex",
            lambda x: torch.view_as_complex(x.reshape(*x.shape[:-1], -1, 2).contiguous()).abs(),
            "seq",
        ),
        (
            "torch.complex mul",
            lambda x: torch.view_as_real(torch.complex(x, x) * torch.complex(x, -x)),
            "seq",
        ),
        ("x.float().round()", lambda x: torch.round(x, decimals=1), "seq"),
        ("torch.clamp(tensor bounds)", lambda x: torch.clamp(x, x.mean(), x.max()), "seq"),
        ("torch.where(scalar)", lambda x: torch.where(x > 0, x, 0.0), "seq"),
        (
            "torch.index_add",
            lambda x: torch.zeros(x.shape[0], 10, x.shape[2]).index_add(
                1, torch.arange(x.shape[1]) % 10, x
            ),
            "seq",
        ),
        (
            "torch.scatter_reduce(amax)",
            lambda x: torch.zeros(x.shape[0], 10, x.shape[2]).scatter_reduce(
                1, (torch.arange(x.shape[1]) % 10)[None, :, None].expand_as(x), x, "amax"
            ),
            "seq",
        ),
        (
            "torch.gather",
            lambda x: torch.gather(x, 1, torch.zeros(x.shape[0], 2, x.shape[2], dtype=torch.long)),
            "seq",
        ),
        (
            "torch.take_along_dim",
            lambda x: torch.take_along_dim(x, x.argmax(1, keepdim=True), 1),
            "seq",
        ),
        ("x.index_put_(bool)", lambda x: x.clone().index_put_((x > 0,), torch.tensor(0.0)), "seq"),
        ("x.masked_scatter", lambda x: x.masked_scatter(x > 0, torch.zeros_like(x)), "seq"),
        ("torch.tensordot", lambda x: torch.tensordot(x, x, dims=([2], [2])), "seq"),
        ("torch.outer", lambda x: torch.outer(x[0, 0], x[0, :, 0]), "seq"),
        ("torch.rot90", lambda x: torch.rot90(x, 1, (2, 3)), "nchw"),
        ("x.to(int64).float()", lambda x: x.to(torch.int64).float(), "seq"),
        ("torch.bitwise_left_shift", lambda x: torch.bitwise_left_shift(x, 1), "ids"),
        # more elementwise and special functions (ONNX translations are the question)
        ("torch.sinc", lambda x: torch.sinc(x), "seq"),
        ("torch.special.entr", lambda x: torch.special.entr(x.abs()), "seq"),
        ("torch.special.xlog1py", lambda x: torch.special.xlog1py(x, x.abs()), "seq"),
        ("torch.special.log_ndtr", lambda x: torch.special.log_ndtr(x), "seq"),
        ("torch.special.ndtri", lambda x: torch.special.ndtri(torch.sigmoid(x)), "seq"),
        ("torch.special.ndtr", lambda x: torch.special.ndtr(x), "seq"),
        ("torch.special.bessel_j0", lambda x: torch.special.bessel_j0(x), "seq"),
        ("torch.special.i1", lambda x: torch.special.i1(x), "seq"),
        ("torch.special.i0e", lambda x: torch.special.i0e(x), "seq"),
        ("torch.special.expit", lambda x: torch.special.expit(x), "seq"),
        ("torch.sgn", lambda x: torch.sgn(x), "seq"),
        ("torch.copysign", lambda x: torch.copysign(x, x.flip(1)), "seq"),
        ("torch.heaviside", lambda x: torch.heaviside(x, torch.tensor(0.5)), "seq"),
        ("torch.ldexp", lambda x: torch.ldexp(x, torch.tensor(2)), "seq"),
        ("torch.frexp(mantissa)", lambda x: torch.frexp(x).mantissa, "seq"),
        ("torch.nextafter", lambda x: torch.nextafter(x, x + 1), "seq"),
        ("torch.signbit", lambda x: torch.signbit(x), "seq"),
        ("torch.isin", lambda x: torch.isin(x, torch.tensor([1, 3, 5])), "ids"),
        (
            "torch.logdet",
            lambda x: torch.logdet(x[:, :4, :4] @ x[:, :4, :4].mT + torch.eye(4)),
            "seq",
        ),
        ("torch.linalg.slogdet", lambda x: torch.linalg.slogdet(x[:, :4, :4]).logabsdet, "seq"),
        (
            "torch.linalg.eigh(vectors)",
            lambda x: torch.linalg.eigh(x[:, :4, :4] @ x[:, :4, :4].mT)[1].abs(),
            "seq",
        ),
        ("torch.cummin", lambda x: torch.cummin(x, 1).values, "seq"),
        ("torch.unique_consecutive", lambda x: torch.unique_consecutive(x), "ids"),
        ("torch.baddbmm", lambda x: torch.baddbmm(x, x, x.mT[:, :, :8] * 0 + torch.eye(8)), "seq"),
        ("F.gelu(tanh)", lambda x: F.gelu(x, approximate="tanh"), "seq"),
        ("F.pdist", lambda x: F.pdist(x[0]), "seq"),
        ("F.embedding_bag", lambda x: F.embedding_bag(x, torch.ones(10, 3), mode="mean"), "ids"),
        ("F.local_response_norm", lambda x: F.local_response_norm(x, 2), "nchw"),
        ("F.instance_norm", lambda x: F.instance_norm(x), "nchw"),
        (
            "F.pixel_unshuffle(cropped)",
            lambda x: F.pixel_unshuffle(x[:, :, : x.shape[2] // 2 * 2, : x.shape[3] // 2 * 2], 2),
            "nchw",
        ),
        (
            "F.grid_sample(nearest)",
            lambda x: F.grid_sample(
                x, torch.tanh(x[:, :2].permute(0, 2, 3, 1)), mode="nearest", align_corners=False
            ),
            "nchw",
        ),
        (
            "F.grid_sample(bicubic)",
            lambda x: F.grid_sample(
                x, torch.tanh(x[:, :2].permute(0, 2, 3, 1)), mode="bicubic", align_corners=False
            ),
            "nchw",
        ),
        (
            "F.grid_sample(border)",
            lambda x: F.grid_sample(
                x, x[:, :2].permute(0, 2, 3, 1), padding_mode="border", align_corners=True
            ),
            "nchw",
        ),
        (
            "F.grid_sample(reflection)",
            lambda x: F.grid_sample(
                x, x[:, :2].permute(0, 2, 3, 1), padding_mode="reflection", align_corners=False
            ),
            "nchw",
        ),
        (
            "F.grid_sample(5d)",
            lambda x: F.grid_sample(
                x, torch.tanh(x[:, :3].permute(0, 2, 3, 4, 1)), align_corners=False
            ),
            "ncdhw",
        ),
        ("x // 3 (int)", lambda x: x // 3, "ids"),
        ("x % 3 (int)", lambda x: x % 3, "ids"),
        ("x % size (int)", lambda x: x % x.shape[1], "ids"),
        ("x.float() % size", lambda x: x.float() % x.shape[1], "ids"),
    ]
    return [Case(n, (lambda fn=fn: Fn(fn)), lay, "functions") for n, fn, lay in f]


def _pair(loss: nn.Module, make: Callable[[torch.Tensor], tuple[object, ...]]) -> nn.Module:
    """A loss called on arguments computed from the input (targets share its dynamic sizes)."""
    return _Holder(loss, lambda m, x: m(*make(x)))


def _reg(x: torch.Tensor) -> tuple[object, ...]:
    return x, x.flip(1).tanh()


def _prob(x: torch.Tensor) -> tuple[object, ...]:
    return x.sigmoid(), x.flip(1).sigmoid()


def _logit_prob(x: torch.Tensor) -> tuple[object, ...]:
    return x, x.flip(1).sigmoid()


def _rows_class(x: torch.Tensor) -> tuple[object, ...]:
    """(N, C) scores over the flattened batch and sequence, and a class per row."""
    return x.flatten(0, 1), x.flip(1).flatten(0, 1).argmax(-1)


def _ncs_class(x: torch.Tensor) -> tuple[object, ...]:
    """(B, C, S) scores, as segmentation and token models call cross entropy, and (B, S)."""
    return x.transpose(1, 2), x.flip(1).argmax(-1)


def _log_rows_class(x: torch.Tensor) -> tuple[object, ...]:
    rows, cls = _rows_class(x)
    assert isinstance(rows, torch.Tensor)
    return rows.log_softmax(-1), cls


def _sign(x: torch.Tensor) -> torch.Tensor:
    return torch.where(x.flip(1) > 0, 1.0, -1.0)


def _multilabel_margin(x: torch.Tensor) -> tuple[object, ...]:
    rows = x.flatten(0, 1)
    order = rows.flip(0).argsort(-1)
    return rows, torch.cat([order[:, :3], -torch.ones_like(order[:, 3:])], -1)


def _ctc(x: torch.Tensor) -> tuple[object, ...]:
    """(T, N, C) log-probabilities (seq_first layout), 3 labels per item, full lengths."""
    t, n = x.shape[0], x.shape[1]
    labels = x.flip(0)[:3].argmax(-1).T.clamp(min=1)
    return (
        x.log_softmax(-1),
        labels,
        torch.full((n,), t, dtype=torch.long),
        torch.full((n,), 3, dtype=torch.long),
    )


def _losses() -> list[tuple[str, Callable[[], nn.Module], str]]:
    L = "seq"
    out: list[tuple[str, Callable[[], nn.Module], str]] = []
    for red in ("mean", "sum", "none"):
        out += [
            (f"MSELoss({red})", lambda r=red: _pair(nn.MSELoss(reduction=r), _reg), L),
            (f"L1Loss({red})", lambda r=red: _pair(nn.L1Loss(reduction=r), _reg), L),
            (
                f"CrossEntropyLoss({red})",
                lambda r=red: _pair(nn.CrossEntropyLoss(reduction=r), _rows_class),
                L,
            ),
            (f"NLLLoss({red})", lambda r=red: _pair(nn.NLLLoss(reduction=r), _log_rows_class), L),
            (
                f"BCEWithLogitsLoss({red})",
                lambda r=red: _pair(nn.BCEWithLogitsLoss(reduction=r), _logit_prob),
                L,
            ),
        ]
    out += [
        ("SmoothL1Loss", lambda: _pair(nn.SmoothL1Loss(), _reg), L),
        ("HuberLoss", lambda: _pair(nn.HuberLoss(delta=0.5), _reg), L),
        ("BCELoss", lambda: _pair(nn.BCELoss(), _prob), L),
        (
            "BCEWithLogitsLoss(pos_weight)",
            lambda: _pair(nn.BCEWithLogitsLoss(pos_weight=torch.full((8,), 2.0)), _logit_prob),
            L,
        ),
        ("CrossEntropyLoss(B,C,S)", lambda: _pair(nn.CrossEntropyLoss(), _ncs_class), L),
        (
            "CrossEntropyLoss(label_smoothing)",
            lambda: _pair(nn.CrossEntropyLoss(label_smoothing=0.1), _rows_class),
            L,
        ),
        (
            "CrossEntropyLoss(ignore_index)",
            lambda: _pair(nn.CrossEntropyLoss(ignore_index=0), _rows_class),
            L,
        ),
        (
            "CrossEntropyLoss(weight)",
            lambda: _pair(nn.CrossEntropyLoss(weight=torch.linspace(0.5, 1.5, 8)), _rows_class),
            L,
        ),
        (
            "CrossEntropyLoss(prob targets)",
            lambda: _pair(
                nn.CrossEntropyLoss(),
                lambda x: (x.flatten(0, 1), x.flip(1).flatten(0, 1).softmax(-1)),
            ),
            L,
        ),
        (
            "KLDivLoss(batchmean)",
            lambda: _pair(
                nn.KLDivLoss(reduction="batchmean"),
                lambda x: (x.log_softmax(-1), x.flip(1).softmax(-1)),
            ),
            L,
        ),
        (
            "KLDivLoss(log_target)",
            lambda: _pair(
                nn.KLDivLoss(reduction="sum", log_target=True),
                lambda x: (x.log_softmax(-1), x.flip(1).log_softmax(-1)),
            ),
            L,
        ),
        ("PoissonNLLLoss", lambda: _pair(nn.PoissonNLLLoss(), lambda x: (x, x.flip(1).exp())), L),
        (
            "GaussianNLLLoss",
            lambda: _pair(nn.GaussianNLLLoss(), lambda x: (x, x.flip(1), x.abs() + 0.1)),
            L,
        ),
        ("HingeEmbeddingLoss", lambda: _pair(nn.HingeEmbeddingLoss(), lambda x: (x, _sign(x))), L),
        ("SoftMarginLoss", lambda: _pair(nn.SoftMarginLoss(), lambda x: (x, _sign(x))), L),
        (
            "MultiLabelSoftMarginLoss",
            lambda: _pair(
                nn.MultiLabelSoftMarginLoss(),
                lambda x: (x.flatten(0, 1), (x.flip(1).flatten(0, 1) > 0).float()),
            ),
            L,
        ),
        ("MultiLabelMarginLoss", lambda: _pair(nn.MultiLabelMarginLoss(), _multilabel_margin), L),
        ("MultiMarginLoss", lambda: _pair(nn.MultiMarginLoss(), _rows_class), L),
        (
            "CosineEmbeddingLoss",
            lambda: _pair(
                nn.CosineEmbeddingLoss(),
                lambda x: (
                    x.flatten(0, 1),
                    x.flip(1).flatten(0, 1),
                    _sign(x[..., 0]).flatten(),
                ),
            ),
            L,
        ),
        (
            "MarginRankingLoss",
            lambda: _pair(nn.MarginRankingLoss(0.1), lambda x: (x, x.flip(1), _sign(x))),
            L,
        ),
        (
            "TripletMarginLoss",
            lambda: _pair(
                nn.TripletMarginLoss(),
                lambda x: (x.flatten(0, 1), x.flip(1).flatten(0, 1), (x * 0.5).flatten(0, 1)),
            ),
            L,
        ),
        (
            "TripletMarginWithDistanceLoss",
            lambda: _pair(
                nn.TripletMarginWithDistanceLoss(),
                lambda x: (x.flatten(0, 1), x.flip(1).flatten(0, 1), (x * 0.5).flatten(0, 1)),
            ),
            L,
        ),
        ("CTCLoss", lambda: _pair(nn.CTCLoss(), _ctc), "seq_first"),
        (
            "CTCLoss(sum,zero_infinity)",
            lambda: _pair(nn.CTCLoss(reduction="sum", zero_infinity=True), _ctc),
            "seq_first",
        ),
        (
            "LinearCrossEntropyLoss",
            lambda: _pair(nn.LinearCrossEntropyLoss(8, 8), _rows_class),
            L,
        ),
    ]
    return out


def _lazy_and_containers() -> list[tuple[str, Callable[[], nn.Module], str]]:
    return [
        ("LazyConv1d", lambda: nn.LazyConv1d(4, 3), "ncl"),
        ("LazyConv3d", lambda: nn.LazyConv3d(4, 3), "ncdhw"),
        ("LazyConvTranspose1d", lambda: nn.LazyConvTranspose1d(4, 2, stride=2), "ncl"),
        ("LazyConvTranspose2d", lambda: nn.LazyConvTranspose2d(4, 3, stride=2), "nchw"),
        ("LazyConvTranspose3d", lambda: nn.LazyConvTranspose3d(4, 2, stride=2), "ncdhw"),
        ("LazyBatchNorm1d(eval)", lambda: _lazy_eval(nn.LazyBatchNorm1d(), "ncl"), "ncl"),
        ("LazyBatchNorm2d(eval)", lambda: _lazy_eval(nn.LazyBatchNorm2d(), "nchw"), "nchw"),
        ("LazyBatchNorm3d(eval)", lambda: _lazy_eval(nn.LazyBatchNorm3d(), "ncdhw"), "ncdhw"),
        ("LazyInstanceNorm1d", lambda: nn.LazyInstanceNorm1d(), "ncl"),
        ("LazyInstanceNorm2d", lambda: nn.LazyInstanceNorm2d(affine=True), "nchw"),
        ("LazyInstanceNorm3d", lambda: nn.LazyInstanceNorm3d(), "ncdhw"),
        ("FractionalMaxPool3d", lambda: nn.FractionalMaxPool3d(2, output_size=2), "ncdhw"),
        ("SyncBatchNorm(eval)", lambda: nn.SyncBatchNorm(4).eval(), "nchw"),
        ("Sequential", lambda: nn.Sequential(nn.Linear(8, 8), nn.GELU(), nn.Linear(8, 4)), "seq"),
        (
            "ModuleList(loop)",
            lambda: _Holder(
                nn.ModuleList([nn.Linear(8, 8) for _ in range(3)]),
                lambda m, x: _fold_layers(list(m), x),
            ),
            "seq",
        ),
        (
            "ModuleDict(by key)",
            lambda: _Holder(
                nn.ModuleDict({"a": nn.Linear(8, 8), "b": nn.Linear(8, 3)}),
                lambda m, x: m["b"](m["a"](x)),
            ),
            "seq",
        ),
        (
            "ParameterList",
            lambda: _Holder(
                nn.ParameterList([nn.Parameter(torch.randn(8)) for _ in range(2)]),
                lambda m, x: x * m[0] + m[1],
            ),
            "seq",
        ),
        (
            "ParameterDict",
            lambda: _Holder(
                nn.ParameterDict({"scale": nn.Parameter(torch.randn(8))}),
                lambda m, x: x * m["scale"],
            ),
            "seq",
        ),
    ]


def _fold_layers(layers: list[nn.Module], x: torch.Tensor) -> torch.Tensor:
    for layer in layers:
        x = x + layer(x)
    return x


def _lazy_eval(module: nn.Module, layout: str) -> nn.Module:
    """A lazy norm materialised by one call (as users do before export), then put in eval."""
    with torch.no_grad():
        module(torch.randn(LAYOUTS[layout][0]))
    return module.eval()


def _ceil_pad(x: torch.Tensor) -> torch.Tensor:
    n = x.shape[-1]
    return F.pad(x, (0, math.ceil(n / 4) * 4 - n))


def _window_loop(x: torch.Tensor) -> torch.Tensor:
    parts = [x[:, i : i + 4].sum(1, keepdim=True) for i in range(0, x.shape[1], 4)]
    return torch.cat(parts, 1)


def _square_grid(x: torch.Tensor) -> torch.Tensor:
    n = int(x.shape[1] ** 0.5)
    return x[:, : n * n].reshape(x.shape[0], n, n, -1).mean(2)


def _isqrt_grid(x: torch.Tensor) -> torch.Tensor:
    n = math.isqrt(x.shape[1])
    return x[:, : n * n].reshape(x.shape[0], n, n, -1).mean(2)


def _divmod_crop(x: torch.Tensor) -> torch.Tensor:
    q, r = divmod(x.shape[1], 3)
    return x[:, : q * 3].reshape(x.shape[0], q, 3, -1).mean(2) + r


def _cache_by_key(x: torch.Tensor) -> torch.Tensor:
    cache: dict[str, torch.Tensor] = {}
    key = f"{x.shape[1]}x{x.shape[2]}"
    if key not in cache:
        cache[key] = torch.arange(x.shape[1], dtype=x.dtype)[None, :, None]
    return x + cache[key]


def _idioms() -> list[Case]:
    S = "seq"
    f: list[tuple[str, Callable[[torch.Tensor], object], str]] = [
        # crops and pads whose length is computed with Python arithmetic on a size
        ("x[:, :int(h*0.5)]", lambda x: x[:, : int(x.shape[1] * 0.5)], S),
        ("x[:, :int(h/2)]", lambda x: x[:, : int(x.shape[1] / 2)], S),
        ("x[:, :math.ceil(h/3)]", lambda x: x[:, : math.ceil(x.shape[1] / 3)], S),
        ("x[:, :math.floor(h/3)]", lambda x: x[:, : math.floor(x.shape[1] / 3)], S),
        ("x[:, :math.trunc(h/3)]", lambda x: x[:, : math.trunc(x.shape[1] / 3)], S),
        ("x[:, :round(h/3)]", lambda x: x[:, : round(x.shape[1] / 3)], S),
        ("x[:, :h//3*3]", lambda x: x[:, : x.shape[1] // 3 * 3], S),
        ("x[:, :-(-h//3)]", lambda x: x[:, : -(-x.shape[1] // 3)], S),
        ("x[:, :(h+2)//3]", lambda x: x[:, : (x.shape[1] + 2) // 3], S),
        ("x[:, :int(np.ceil(h/3))]", lambda x: x[:, : int(np.ceil(x.shape[1] / 3))], S),
        ("x[:, :int(np.floor(h/3))]", lambda x: x[:, : int(np.floor(x.shape[1] / 3))], S),
        ("x[:, :max(h-2,3)]", lambda x: x[:, : max(x.shape[1] - 2, 3)], S),
        ("x[:, :min(h,5)]", lambda x: x[:, : min(x.shape[1], 5)], S),
        ("x[:, :abs(h-20)]", lambda x: x[:, : abs(x.shape[1] - 20)], S),
        ("divmod(h,3) crop", _divmod_crop, S),
        ("x[:, -h//2:] (negative start)", lambda x: x[:, -x.shape[1] // 2 :], S),
        ("x[:, :math.ceil(h*0.5)]", lambda x: x[:, : math.ceil(x.shape[1] * 0.5)], S),
        ("x[:, :math.floor(h*0.75)]", lambda x: x[:, : math.floor(x.shape[1] * 0.75)], S),
        ("x[:, :round(h*0.5)]", lambda x: x[:, : round(x.shape[1] * 0.5)], S),
        (
            "torch.arange(0,1,1/h)",
            lambda x: x + torch.arange(0, 1 - 1e-6, 1 / x.shape[1])[None, :, None],
            S,
        ),
        ("torch.arange(h,0,-1)", lambda x: x + torch.arange(x.shape[1], 0, -1)[None, :, None], S),
        (
            "torch.as_tensor(np.arange(h))",
            lambda x: x + torch.as_tensor(np.arange(x.shape[1]))[None, :, None],
            S,
        ),
        ("x.new_tensor(range(h))", lambda x: x + x.new_tensor(range(x.shape[1]))[None, :, None], S),
        ("x[:, :-(-h//4)] (trace divisible)", lambda x: x[:, : -(-x.shape[1] // 4)], S),
        (
            "x[:, :(h-20)//3+7] (negative numerator)",
            lambda x: x[:, : (x.shape[1] - 20) // 3 + 7],
            S,
        ),
        (
            "F.pad(-(-n//4)*4-n)",
            lambda x: F.pad(x, (0, -(-x.shape[-1] // 4) * 4 - x.shape[-1])),
            "ncl",
        ),
        ("F.pad(math.ceil(n/4)*4-n)", _ceil_pad, "ncl"),
        ("F.pad(-n % 4)", lambda x: F.pad(x, (0, -x.shape[-1] % 4)), "ncl"),
        ("F.pad(max(0,16-n))", lambda x: F.pad(x, (0, max(0, 24 - x.shape[-1]))), "ncl"),
        ("int(h**0.5) square grid", _square_grid, S),
        ("math.isqrt(h) square grid", _isqrt_grid, S),
        ("int(math.log2(h))", lambda x: x * int(math.log2(x.shape[1])), S),
        # scalars from sizes used in tensor math
        ("x / float(h)", lambda x: x / float(x.shape[1]), S),
        ("x * h**0.5", lambda x: x * x.shape[1] ** 0.5, S),
        ("x * h**-0.5", lambda x: x * x.shape[1] ** -0.5, S),
        ("x * x.shape[-1]**-0.5 (static)", lambda x: x * x.shape[-1] ** -0.5, S),
        ("x / math.sqrt(h)", lambda x: x / math.sqrt(x.shape[1]), S),
        ("x / math.sqrt(d) (static)", lambda x: x / math.sqrt(x.shape[-1]), S),
        ("x / np.sqrt(h)", lambda x: x / np.sqrt(x.shape[1]), S),
        ("x * math.log(h)", lambda x: x * math.log(x.shape[1]), S),
        ("x * (x.size(1) / 2)", lambda x: x * (x.size(1) / 2), S),
        ("x / max(h, 8)", lambda x: x / max(x.shape[1], 8), S),
        ("x / min(h, 5)", lambda x: x / min(x.shape[1], 5), S),
        ("x / sum(x.shape)", lambda x: x / sum(x.shape), S),
        ("x / math.prod(x.shape)", lambda x: x / math.prod(x.shape), S),
        ("x / np.prod(x.shape)", lambda x: x / np.prod(x.shape), S),
        ("x / x.numel()", lambda x: x / x.numel(), S),
        ("x * len(str(h))", lambda x: x * len(str(x.shape[1])), S),
        ("cache[f'{h}x{w}']", _cache_by_key, S),
        ("x * (h % 2)", lambda x: x * (x.shape[1] % 2 + 1), S),
        ("x * (1 if h > 4 else 2)", lambda x: x * (1 if x.shape[1] > 4 else 2), S),
        # loops and lists sized by a dynamic size
        ("range(0,h,4) window loop", _window_loop, S),
        (
            "range(h) loop stack",
            lambda x: torch.stack([x[:, i] * 2 for i in range(x.shape[1])], 1),
            S,
        ),
        ("torch.tensor([1.0]*h)", lambda x: x * torch.tensor([1.0] * x.shape[1])[None, :, None], S),
        (
            "torch.tensor(list(range(h)))",
            lambda x: x + torch.tensor(list(range(x.shape[1])))[None, :, None],
            S,
        ),
        # numpy on sizes
        (
            "torch.from_numpy(np.arange(h))",
            lambda x: x + torch.from_numpy(np.arange(x.shape[1])).float()[None, :, None],
            S,
        ),
        (
            "torch.tensor(np.linspace(0,1,h))",
            lambda x: x + torch.tensor(np.linspace(0, 1, x.shape[1]), dtype=x.dtype)[None, :, None],
            S,
        ),
        (
            "torch.from_numpy(np.zeros(h))",
            lambda x: x + torch.from_numpy(np.zeros((x.shape[1], 1), dtype=np.float32)),
            S,
        ),
        # tensor factories and shape methods given a size
        (
            "torch.arange(h).float()/h",
            lambda x: x + (torch.arange(x.shape[1]).float() / x.shape[1])[None, :, None],
            S,
        ),
        (
            "torch.arange(h)*(1.0/h)",
            lambda x: x + (torch.arange(x.shape[1]) * (1.0 / x.shape[1]))[None, :, None],
            S,
        ),
        ("torch.arange(h)*0.5", lambda x: x + (torch.arange(x.shape[1]) * 0.5)[None, :, None], S),
        (
            "torch.arange(h)/h",
            lambda x: x + (torch.arange(x.shape[1]) / x.shape[1])[None, :, None],
            S,
        ),
        (
            "torch.arange(h).float()*(1.0/h)",
            lambda x: x + (torch.arange(x.shape[1]).float() * (1.0 / x.shape[1]))[None, :, None],
            S,
        ),
        ("x * (1.0/h)", lambda x: x * (1.0 / x.shape[1]), S),
        (
            "torch.arange(h) + h/2",
            lambda x: x + (torch.arange(x.shape[1]) + x.shape[1] / 2)[None, :, None],
            S,
        ),
        (
            "torch.arange(h) - h*0.5",
            lambda x: x + (torch.arange(x.shape[1]) - x.shape[1] * 0.5)[None, :, None],
            S,
        ),
        (
            "torch.arange(h) * h",
            lambda x: x + (torch.arange(x.shape[1]) * x.shape[1])[None, :, None],
            S,
        ),
        (
            "(h/2) * torch.arange(h)",
            lambda x: x + ((x.shape[1] / 2) * torch.arange(x.shape[1]))[None, :, None],
            S,
        ),
        ("torch.linspace(0,1,h)", lambda x: x + torch.linspace(0, 1, x.shape[1])[None, :, None], S),
        ("x.new_zeros(h)", lambda x: x + x.new_zeros(x.shape[1])[None, :, None], S),
        ("torch.full((h,), v)", lambda x: x + torch.full((x.shape[1],), 0.5)[None, :, None], S),
        ("torch.zeros(x.shape[1:])", lambda x: x + torch.zeros(x.shape[1:]), S),
        ("torch.ones(*x.shape[:2], 1)", lambda x: x + torch.ones(*x.shape[:2], 1), S),
        ("x[0,0].expand(h,-1)", lambda x: x + x[0, 0].expand(x.shape[1], -1), S),
        ("x[:, :1].expand(-1,h,-1)", lambda x: x + x[:, :1].expand(-1, x.shape[1], -1), S),
        ("x.unflatten(1,(-1,1))", lambda x: x.unflatten(1, (-1, 1)).sum(2), S),
        ("x.unflatten(-1,(2,-1))", lambda x: x.unflatten(-1, (2, -1)).sum(2), S),
        (
            "x.unflatten(1,(-1,2)) of h//2*2",
            lambda x: x[:, : x.shape[1] // 2 * 2].unflatten(1, (-1, 2)).sum(2),
            S,
        ),
        ("x.view(-1, h) (dynamic last)", lambda x: x.transpose(1, 2).reshape(-1, x.shape[1]), S),
        ("x.view(b, h*d)", lambda x: x.reshape(x.shape[0], x.shape[1] * x.shape[2]), S),
        ("x.view(b,-1,h,w)", lambda x: x.view(x.shape[0], -1, x.shape[2], x.shape[3]), "nchw"),
        ("x.flatten(2).transpose", lambda x: x.flatten(2).transpose(1, 2), "nchw"),
        (
            "x.permute.reshape(b,h,w,c)",
            lambda x: x.permute(0, 2, 3, 1).reshape(x.shape[0], x.shape[2], x.shape[3], -1),
            "nchw",
        ),
        # resampling from computed sizes
        (
            "F.interpolate(size=(h*2,w*2))",
            lambda x: F.interpolate(x, size=(x.shape[2] * 2, x.shape[3] * 2), mode="bilinear"),
            "nchw",
        ),
        (
            "F.interpolate(size=(h//2,w//2))",
            lambda x: F.interpolate(x, size=(x.shape[2] // 2, x.shape[3] // 2), mode="bilinear"),
            "nchw",
        ),
        (
            "F.interpolate(scale_factor=0.5,bilinear)",
            lambda x: F.interpolate(x, scale_factor=0.5, mode="bilinear"),
            "nchw",
        ),
        (
            "F.interpolate(scale_factor=16/h)",
            lambda x: F.interpolate(x, scale_factor=16 / x.shape[2], mode="nearest"),
            "nchw",
        ),
        (
            "F.interpolate(size=(math.ceil(h/2),...))",
            lambda x: F.interpolate(x, size=(math.ceil(x.shape[2] / 2), math.ceil(x.shape[3] / 2))),
            "nchw",
        ),
        (
            "F.interpolate(size=(round(h*1.5),...))",
            lambda x: F.interpolate(x, size=(round(x.shape[2] * 1.5), round(x.shape[3] * 1.5))),
            "nchw",
        ),
        (
            "F.interpolate(size=tuple(x.shape[-2:]))",
            lambda x: F.interpolate(x[..., ::2, ::2], size=tuple(x.shape[-2:])),
            "nchw",
        ),
        (
            "F.adaptive_avg_pool2d((h//2,w//2)) nondivisible",
            lambda x: F.adaptive_avg_pool2d(x, (x.shape[2] // 2, x.shape[3] // 2)),
            "nchw",
        ),
    ]
    return [Case(n, (lambda fn=fn: Fn(fn)), lay, "idioms") for n, fn, lay in f]


def all_cases() -> list[Case]:
    extra = [Case(n, b, lay, "modules") for n, b, lay in [*_losses(), *_lazy_and_containers()]]
    return [*_modules(), *extra, *_functions(), *_idioms()]
