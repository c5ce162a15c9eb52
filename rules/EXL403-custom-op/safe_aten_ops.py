import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same activation written with ATen operators called through torch.ops: they are
    torch's own, exported and translated to ONNX like any other call."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = torch.ops.aten.gelu.default(self.proj(x))
        return torch.ops.aten.mul.Tensor(h, 0.5)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
