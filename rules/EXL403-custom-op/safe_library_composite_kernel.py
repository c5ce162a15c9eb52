import torch
from torch.export import Dim

# A Python kernel registered as torch's own decomposition (CompositeImplicitAutograd): export
# traces its ATen operators, which torch.onnx translates.
torch.library.define("exl403comp::scaled_tanh", "(Tensor x, float scale) -> Tensor")


@torch.library.impl("exl403comp::scaled_tanh", "CompositeImplicitAutograd")
def _scaled_tanh(x, scale):
    return torch.tanh(x / scale) * scale


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        return torch.ops.exl403comp.scaled_tanh(self.proj(x), 2.0)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6),), (torch.randn(5, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
