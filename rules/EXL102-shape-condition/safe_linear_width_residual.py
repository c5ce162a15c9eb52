import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Projection block that adds the residual only when the projection keeps the width. The
    width of `h` is the Linear layer's out_features, fixed whatever the input: the test is
    static and export records no guard."""

    def __init__(self, d_in=8, d_out=8):
        super().__init__()
        self.proj = torch.nn.Linear(d_in, d_out)
        self.norm = torch.nn.LayerNorm(d_out)

    def forward(self, x):
        h = self.norm(self.proj(x))
        if h.shape[-1] == x.shape[-1]:
            h = h + x
        return torch.relu(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(1, 2, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
