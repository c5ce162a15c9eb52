import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Per-example pairwise distances, batched with torch.vmap instead of a map operator."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Linear(6, 8)

    def forward(self, points):
        def pairwise(p):
            diff = p.unsqueeze(0) - p.unsqueeze(1)
            return (diff * diff).sum(dim=-1)

        return torch.vmap(pairwise)(self.embed(points))


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 5, 6),), (torch.randn(6, 5, 6),), (torch.randn(2, 5, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
