import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Number of buckets from the configured maximum length (a Python int): bit_length() of
    a static value is decided once, whatever the input size."""

    def __init__(self, max_length=64, dim=8):
        super().__init__()
        self.max_length = max_length
        self.rotations = torch.nn.Parameter(torch.randn(dim, 16))

    def forward(self, hidden_states):
        power = self.max_length.bit_length() - 3
        rotated = hidden_states @ self.rotations[:, : 2 ** (power - 1)]
        return torch.cat([rotated, -rotated], dim=-1).argmax(dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 8),), (torch.randn(3, 20, 8),), (torch.randn(2, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
