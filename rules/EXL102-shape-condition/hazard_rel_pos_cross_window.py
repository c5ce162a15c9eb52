import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The look-alike of `safe_rel_pos_same_window.py` where the key grid is another input's
    (cross-attention to a memory of its own length): `max(k_size / q_size, 1.0)` compares two
    symbols, and export keeps the outcome of the example input (a guard on the ratio)."""

    def __init__(self, d=8, grid=16):
        super().__init__()
        self.q = torch.nn.Linear(d, d)
        self.k = torch.nn.Linear(d, d)
        self.rel_pos = torch.nn.Parameter(torch.randn(2 * grid - 1, d))

    def get_rel_pos(self, q_size: int, k_size: int, rel_pos: torch.Tensor) -> torch.Tensor:
        q_coords = torch.arange(q_size, dtype=torch.float32)[:, None] * max(k_size / q_size, 1.0)  # expect: EXL102
        k_coords = torch.arange(k_size, dtype=torch.float32)[None, :] * max(q_size / k_size, 1.0)  # expect: EXL102
        relative_coords = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)  # expect: EXL102
        return rel_pos[relative_coords.long()]

    def forward(self, hidden_states, memory):
        query_len = hidden_states.shape[1]
        key_len = memory.shape[1]
        rel = self.get_rel_pos(query_len, key_len, self.rel_pos)
        query = self.q(hidden_states)
        key = self.k(memory)
        bias = torch.einsum("bqc,qkc->bqk", query, rel)
        return (query @ key.transpose(1, 2) + bias).softmax(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 8), torch.randn(2, 6, 8)),
    (torch.randn(2, 7, 8), torch.randn(2, 3, 8)),
    (torch.randn(3, 5, 8), torch.randn(3, 5, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
