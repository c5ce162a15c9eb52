import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Channel groups of fixed sizes (a model constant), each normalised on its own: the
    split sizes are Python numbers fixed when the model is built."""

    def __init__(self):
        super().__init__()
        self.groups = [2, 3, 3]

    def forward(self, x):
        chunks = torch.split(x, self.groups, dim=1)
        return torch.cat([c / (c.norm(dim=1, keepdim=True) + 1e-6) for c in chunks], dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
