import math

import torch
from torch import nn
from torch.export import Dim


class SegmentPool(nn.Module):
    """A long-sequence encoder that pools the `ceil(log1p(T))` strongest frames, the count
    from `math.ceil(math.log1p(T))`."""

    def forward(self, frames):
        T = frames.size(1)
        count = math.ceil(math.log1p(T))  # expect: EXL302
        energy = frames.pow(2).mean(-1)
        idx = energy.topk(count, dim=1).indices
        return torch.gather(frames, 1, idx[..., None].expand(-1, -1, frames.shape[-1])).mean(1)


Model = SegmentPool
torch.manual_seed(0)
example_inputs = [(torch.randn(2, 24, 8),), (torch.randn(3, 40, 8),), (torch.randn(1, 13, 8),)]
dynamic_shapes = ({0: Dim("b"), 1: Dim("t", min=2, max=512)},)
