import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention bias for padded frames: the tail after each sequence's length is set to
    -inf, row by row over the lengths tensor (a float mask with a feature axis)."""

    def forward(self, scores, lengths):
        bias = torch.zeros_like(scores)
        for b, n in enumerate(lengths):  # expect: EXL401
            bias[b, n:] = float("-inf")
        return (scores + bias).softmax(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.tensor([6, 3])),
    (torch.randn(3, 9, 3), torch.tensor([2, 9, 5])),
    (torch.randn(4, 5, 3), torch.tensor([5, 1, 4, 3])),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b")})
