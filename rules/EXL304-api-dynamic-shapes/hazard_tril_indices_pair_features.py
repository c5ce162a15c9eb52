import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Features of every unordered pair of tokens (i < j), gathered with triu_indices.

    triu_indices takes its sizes as Python ints: export fixes the number of tokens.
    """

    def forward(self, tokens):
        n = tokens.shape[1]
        rows, cols = torch.triu_indices(n, n, offset=1)  # expect: EXL304
        return tokens[:, rows] * tokens[:, cols]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 7, 4),),
    (torch.randn(2, 3, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
