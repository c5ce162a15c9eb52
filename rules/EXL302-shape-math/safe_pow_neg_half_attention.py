import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Parameter-free scaled dot-product attention over inputs of any head size.

    Both the sequence length and the head size are dynamic; the scale
    head_dim ** -0.5 stays symbolic.
    """

    def forward(self, q, k, v):
        # q, k, v: (batch, seq, head_dim)
        head_dim = q.size(-1)
        scale = head_dim**-0.5
        scores = torch.bmm(q, k.transpose(1, 2)) * scale
        return torch.bmm(scores.softmax(dim=-1), v)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)),
    (torch.randn(2, 9, 16), torch.randn(2, 9, 16), torch.randn(2, 9, 16)),
    (torch.randn(2, 3, 4), torch.randn(2, 3, 4), torch.randn(2, 3, 4)),
]
dynamic_shapes = (
    {1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
    {1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
    {1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
)
