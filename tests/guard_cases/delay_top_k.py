"""Autoformer-style period aggregation (AutoCorrelation, inference form): the number of
delays kept is `int(self.factor * math.log(length))`, the top-k of the mean correlation, and
the values are gathered at each kept delay and summed with softmax weights. `math.log` of a
size fixes it under export; its 0-d tensor form made an int is a float read out of a tensor
that `torch.topk` then guards on (zuf0)."""

import math

import torch
from torch.export import Dim


class AutoCorrelation(torch.nn.Module):
    def __init__(self, factor=1):
        super().__init__()
        self.factor = factor

    def time_delay_agg(self, values, corr):
        batch, head, channel, length = values.shape  # noqa: RUF059
        # find top k
        top_k = int(self.factor * math.log(length))
        mean_value = torch.mean(torch.mean(corr, dim=1), dim=1)
        weights, delay = torch.topk(mean_value, top_k, dim=-1)
        tmp_corr = torch.softmax(weights, dim=-1)
        # every kept delay at once: (batch, k, length) positions into the doubled values
        init_index = torch.arange(length, device=values.device)
        tmp_delay = init_index[None, None, :] + delay[:, :, None]
        tmp_values = values.repeat(1, 1, 1, 2)
        gathered = torch.gather(
            tmp_values[:, None].expand(-1, top_k, -1, -1, -1),
            -1,
            tmp_delay[:, :, None, None, :].expand(-1, -1, head, channel, -1),
        )
        return (gathered * tmp_corr[:, :, None, None, None]).sum(1)

    def forward(self, queries, keys, values):
        corr = queries.permute(0, 2, 3, 1) * keys.permute(0, 2, 3, 1)
        out = self.time_delay_agg(values.permute(0, 2, 3, 1), corr)
        return out.permute(0, 3, 1, 2)


Model = AutoCorrelation
example_inputs = [
    tuple(torch.randn(2, 12, 2, 4) for _ in range(3)),
    tuple(torch.randn(2, 24, 2, 4) for _ in range(3)),
]
dynamic_shapes = tuple({1: Dim.DYNAMIC} for _ in range(3))
