"""onnx-diagnostic style: `_inputs` / `_dynamic` class attributes, several models per file."""

import torch

DIM = torch.export.Dim


class ScaledSum(torch.nn.Module):
    """A list of input sets, named dims."""

    def forward(self, x, y):
        return (x * 2).sum(dim=1) + y

    _inputs = [(torch.randn(3, 4), torch.randn(3)), (torch.randn(5, 6), torch.randn(5))]  # noqa: RUF012
    _dynamic = {"x": {0: DIM("batch"), 1: DIM("seq")}, "y": {0: DIM("batch")}}  # noqa: RUF012


class Shift(torch.nn.Module):
    """One input set given as a tuple (no unseen size), no _dynamic."""

    def forward(self, x):
        return x - 1

    _inputs = (torch.randn(2, 3),)


class Keywords(torch.nn.Module):
    """Input sets as dicts of keyword arguments; dynamic shapes guessed."""

    def forward(self, x, *, bias=None):
        return x + bias

    _inputs = [  # noqa: RUF012
        {"x": torch.randn(2, 4), "bias": torch.randn(4)},
        {"x": torch.randn(5, 4), "bias": torch.randn(4)},
    ]
