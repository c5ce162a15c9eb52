import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Feature-pyramid fusion: the forward receives a Python list of feature maps."""

    def __init__(self):
        super().__init__()
        self.lateral = torch.nn.Linear(6, 10)

    def forward(self, xs: list[torch.Tensor]):
        pooled = []
        for feat in xs:
            pooled.append(self.lateral(feat).amax(dim=1))
        return torch.stack(pooled, dim=0).sum(dim=0)


torch.manual_seed(0)
example_inputs = [
    ([torch.randn(2, 8, 6), torch.randn(2, 4, 6), torch.randn(2, 2, 6)],),
    ([torch.randn(3, 16, 6), torch.randn(3, 8, 6), torch.randn(3, 4, 6)],),
    ([torch.randn(5, 6, 6), torch.randn(5, 3, 6), torch.randn(5, 5, 6)],),
]
dynamic_shapes = (
    [
        {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
        {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
        {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
    ],
)
