import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multi-branch head: Python's builtin map() over a list of sub-modules and a list of scales."""

    def __init__(self):
        super().__init__()
        self.heads = torch.nn.ModuleList([torch.nn.Linear(12, 4) for _ in range(3)])
        self.scales = [1.0, 0.5, 0.25]

    def forward(self, x):
        outputs = list(map(lambda head: head(x), self.heads))
        weighted = map(lambda pair: pair[0] * pair[1], zip(outputs, self.scales))
        return torch.cat(list(weighted), dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 12),), (torch.randn(8, 12),), (torch.randn(5, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
