import functools

import torch
from torch.export import Dim


@functools.lru_cache(maxsize=8)
def inverse_frequencies(head_dim: int, base: float) -> torch.Tensor:
    return 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))


class Model(torch.nn.Module):
    """The memoised helper takes config values only (the head size, the rope base): nothing
    dynamic is hashed, and the positions come from an arange over the dynamic length."""

    def __init__(self, head_dim=8):
        super().__init__()
        self.head_dim = head_dim

    def forward(self, hidden_states):
        inv_freq = inverse_frequencies(self.head_dim, 10000.0)
        positions = torch.arange(hidden_states.shape[1], dtype=torch.float32)
        angles = positions[:, None] * inv_freq[None, :]
        return hidden_states * torch.cat([angles.cos(), angles.sin()], dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(2, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
