import torch
from functorch.experimental.control_flow import map
from torch.export import Dim


class Model(torch.nn.Module):
    """ExportDB dynamic_shape_map: functorch map() over the first dimension."""

    def forward(self, xs, y):
        def body(x, y):
            return x + y

        return torch.vmap(body, in_dims=(0, None))(xs, y)  # expect: EXL402


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 2), torch.randn(2)),
    (torch.randn(5, 2), torch.randn(2)),
    (torch.randn(8, 2), torch.randn(2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
