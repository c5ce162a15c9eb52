import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Mixture of small experts that drops experts whose mean activation is negative."""

    def __init__(self):
        super().__init__()
        self.experts = torch.nn.ModuleList(torch.nn.Linear(6, 6) for _ in range(4))

    def forward(self, x):
        outs = [expert(x) for expert in self.experts]
        active = [o for o in outs if o.mean() > 0]  # expect: EXL101
        stacked = torch.stack([*active, torch.zeros_like(x)], dim=0)
        return stacked.sum(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 6),),
    (torch.randn(5, 6),),
    (torch.randn(8, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
