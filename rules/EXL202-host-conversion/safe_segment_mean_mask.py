import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Packed (ragged) tokens -> mean embedding per sequence, without leaving torch.

    A (batch, total_tokens) membership mask built from lengths.cumsum()
    replaces the Python list of lengths.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, tokens, lengths):
        # tokens: (total_tokens, 4); lengths: (batch,) with lengths.sum() == total_tokens
        ends = lengths.cumsum(dim=0)
        starts = ends - lengths
        pos = torch.arange(tokens.shape[0])
        member = (pos[None, :] >= starts[:, None]) & (pos[None, :] < ends[:, None])
        h = self.proj(tokens)
        sums = member.to(h.dtype) @ h
        return sums / lengths.unsqueeze(1).to(h.dtype)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(9, 4), torch.tensor([4, 3, 2])),
    (torch.randn(12, 4), torch.tensor([5, 1, 2, 4])),
    (torch.randn(7, 4), torch.tensor([3, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
