import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Rotary-style angles with position interpolation: positions squeezed into the
    trained context length.

    The positions are made float first (`dtype=torch.float32`), so the scale multiplies a
    float tensor, which torch.onnx converts.
    """

    def __init__(self):
        super().__init__()
        self.max_len = 16
        self.register_buffer("inv_freq", 1.0 / (100.0 ** (torch.arange(0, 8, 2) / 8)))

    def forward(self, x):
        # x: (batch, seq, 8)
        n = x.shape[1]
        positions = torch.arange(n, dtype=torch.float32) * (self.max_len / n)
        angles = positions[:, None] * self.inv_freq[None, :]
        rotary = torch.cat([angles.sin(), angles.cos()], dim=-1)
        return x * rotary


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(2, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
