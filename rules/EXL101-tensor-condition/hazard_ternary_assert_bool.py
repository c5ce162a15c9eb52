import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Depth-map refinement head with input validation and a data-dependent gain."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.head = torch.nn.Conv2d(4, 1, 1)

    def forward(self, depth):
        assert (depth >= 0).all(), "depth must be non-negative"  # expect: EXL101
        has_far = bool((depth > 10.0).any())  # expect: EXL101
        gain = 0.1 if depth.mean() > 5.0 else 1.0  # expect: EXL101
        h = torch.relu(self.conv(depth * gain))
        out = self.head(h)
        return out, has_far


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 1, 6, 6) * 20,),
    (torch.rand(3, 1, 9, 7),),
    (torch.rand(1, 1, 5, 8) * 2,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
