import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Pairwise products of tokens kept where i < j, with a mask built from arange
    comparisons (sizes stay symbolic), and triu_indices of a constant size."""

    def forward(self, tokens):
        idx = torch.arange(tokens.shape[1])
        upper = (idx[None, :] > idx[:, None]).to(tokens.dtype)
        pairs = tokens[:, :, None, :] * tokens[:, None, :, :] * upper[None, :, :, None]
        rows, cols = torch.triu_indices(3, 3)
        return pairs.sum(dim=(1, 2)) * (cols - rows).sum()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 7, 4),),
    (torch.randn(2, 3, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
