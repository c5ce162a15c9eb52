import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Text classifier head traced with a batch of one, the batch declared dynamic.

    torch.export specialises sizes 0 and 1: with Dim.DYNAMIC it refuses ("export 0/1
    specialized due to hint of 1").
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(16, 4)

    def forward(self, features):
        # features: (batch, 16)
        return self.proj(features).log_softmax(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16),),  # expect: EXL601
    (torch.randn(4, 16),),
    (torch.randn(7, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
