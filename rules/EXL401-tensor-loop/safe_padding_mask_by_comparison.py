import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The padding mask built in the graph from the lengths, and a loop over a fixed list of
    heads: nothing is read out of a tensor, nothing unrolls on a dynamic size."""

    def __init__(self, widths=(2, 4)):
        super().__init__()
        self.widths = widths

    def forward(self, x, lengths):
        mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
        out = torch.zeros_like(x)
        for i, w in enumerate(self.widths):
            out[:, :, i] = x[:, :, :w].sum(-1)
        return out.masked_fill(~mask[..., None], 0.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 4), torch.tensor([6, 3])),
    (torch.randn(3, 9, 4), torch.tensor([2, 9, 5])),
    (torch.randn(4, 5, 4), torch.tensor([5, 1, 4, 3])),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b")})
