import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Reformer-style number of hash buckets from the sequence length with int.bit_length():
    a Python int method on a dynamic size, which export can only run on the traced value."""

    def __init__(self, chunk_length=2, dim=8):
        super().__init__()
        self.chunk_length = chunk_length
        self.rotations = torch.nn.Parameter(torch.randn(dim, 16))

    def forward(self, hidden_states):
        length = hidden_states.shape[1]
        power = (2 * (length // self.chunk_length)).bit_length() - 1  # expect: EXL301
        buckets = min(2**power, 16)
        rotated = hidden_states @ self.rotations[:, : buckets // 2]
        return torch.cat([rotated, -rotated], dim=-1).argmax(dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 8),), (torch.randn(3, 20, 8),), (torch.randn(2, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
