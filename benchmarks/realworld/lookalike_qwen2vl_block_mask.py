# Source: huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py
#   (VisionAttention: chunks delimited by `cu_seqlens`), written without `.tolist()`: each
#   token's chunk id comes from `(positions[:, None] >= cu_seqlens[None, :]).sum(-1)` and
#   attention is restricted with a block-diagonal boolean mask.
# Look-alike of qwen2vl_split_tolist.py: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, heads=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, hidden_states, cu_seqlens):
        seq_len, dim = hidden_states.shape
        qkv = self.qkv(hidden_states).reshape(seq_len, 3, self.heads, -1).permute(1, 2, 0, 3)
        q, k, v = (t.unsqueeze(0) for t in qkv.unbind(0))
        positions = torch.arange(seq_len)
        chunk = (positions[:, None] >= cu_seqlens[None, :]).sum(-1)
        mask = chunk[:, None] == chunk[None, :]
        out = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.proj(out.squeeze(0).transpose(0, 1).reshape(seq_len, dim))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(10, 8), torch.tensor([0, 4, 10])),
    (torch.randn(12, 8), torch.tensor([0, 3, 7, 12])),
    (torch.randn(6, 8), torch.tensor([0, 6])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
