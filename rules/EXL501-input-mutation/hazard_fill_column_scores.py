import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token scorer that masks the first (CLS) column of the caller's score matrix: an
    in-place method with no out-of-place twin, so the change is made on a copy."""

    def __init__(self):
        super().__init__()
        self.scale = torch.nn.Parameter(torch.tensor(0.5))

    def forward(self, scores):
        # scores: (queries, keys)
        scores[:, 0].fill_(-1e4)  # expect: EXL501
        return (scores * self.scale).softmax(dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 5),), (torch.randn(6, 3),), (torch.randn(3, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
