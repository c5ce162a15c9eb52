import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Decomposed relative positions of windowed self-attention (SAM / ViTDet's `get_rel_pos`):
    the query and key sizes are the same height and width, read once from the input's shape, so
    `max(k_size / q_size, 1.0)` is 1.0 for every size and export needs no guard."""

    def __init__(self, d=8, grid=8):
        super().__init__()
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.proj = torch.nn.Linear(d, d)
        self.rel_pos_h = torch.nn.Parameter(torch.randn(2 * grid - 1, d))
        self.rel_pos_w = torch.nn.Parameter(torch.randn(2 * grid - 1, d))

    def get_rel_pos(self, q_size: int, k_size: int, rel_pos: torch.Tensor) -> torch.Tensor:
        q_coords = torch.arange(q_size, dtype=torch.float32)[:, None] * max(k_size / q_size, 1.0)
        k_coords = torch.arange(k_size, dtype=torch.float32)[None, :] * max(q_size / k_size, 1.0)
        relative_coords = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)
        return rel_pos[relative_coords.long()]

    def add_rel_pos(self, attn, query, q_size, k_size):
        query_height, query_width = q_size
        key_height, key_width = k_size
        rel_h = self.get_rel_pos(query_height, key_height, self.rel_pos_h)
        rel_w = self.get_rel_pos(query_width, key_width, self.rel_pos_w)
        batch_size, _, dim = query.shape
        reshaped = query.reshape(batch_size, query_height, query_width, dim)
        bias_h = torch.einsum("bhwc,hkc->bhwk", reshaped, rel_h)
        bias_w = torch.einsum("bhwc,wkc->bhwk", reshaped, rel_w)
        attn = attn.reshape(batch_size, query_height, query_width, key_height, key_width)
        attn = attn + bias_h[:, :, :, :, None] + bias_w[:, :, :, None, :]
        return attn.reshape(batch_size, query_height * query_width, key_height * key_width)

    def forward(self, hidden_states):
        batch_size, height, width, _ = hidden_states.shape
        qkv = self.qkv(hidden_states).reshape(batch_size, height * width, 3, -1)
        query, key, value = qkv.unbind(2)
        attn = (query * 0.5) @ key.transpose(-2, -1)
        attn = self.add_rel_pos(attn, query, (height, width), (height, width))
        out = attn.softmax(-1) @ value
        return self.proj(out.reshape(batch_size, height, width, -1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 6, 8),),
    (torch.randn(1, 8, 8, 8),),
    (torch.randn(3, 3, 7, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
