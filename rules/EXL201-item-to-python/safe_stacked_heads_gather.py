import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The routing of `hazard_modulelist_tensor_index.py` with every head run and the chosen
    output selected by indexing the stacked outputs with the tensor index."""

    def __init__(self, dim=8, experts=3):
        super().__init__()
        self.router = nn.Linear(dim, experts)
        self.heads = nn.ModuleList([nn.Linear(dim, dim) for _ in range(experts)])

    def forward(self, x):
        choice = self.router(x.mean(dim=(0, 1))).argmax()
        outputs = torch.stack([head(x) for head in self.heads])
        return outputs.index_select(0, choice.reshape(1)).squeeze(0)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(2, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
