# Source: huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py
#   (VisionAttention.forward, non-flash path): `lengths = cu_seqlens[1:] - cu_seqlens[:-1]`,
#   `torch.split(tensor, lengths.tolist(), dim=2)`, attention per chunk, then torch.cat.
# What fails: `.tolist()` moves the chunk lengths to Python; export cannot trace it
#   (data-dependent sizes, and the number of chunks is baked).
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
        qkv = self.qkv(hidden_states).reshape(seq_len, 3, self.heads, -1).permute(1, 0, 2, 3)
        q, k, v = (t.transpose(0, 1).unsqueeze(0) for t in qkv.unbind(0))
        lengths = cu_seqlens[1:] - cu_seqlens[:-1]
        splits = [torch.split(t, lengths.tolist(), dim=2) for t in (q, k, v)]  # expect: EXL202
        outputs = [
            nn.functional.scaled_dot_product_attention(a, b, c) for a, b, c in zip(*splits)
        ]
        out = torch.cat(outputs, dim=2).squeeze(0).transpose(0, 1).reshape(seq_len, dim)
        return self.proj(out)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(10, 8), torch.tensor([0, 4, 10])),
    (torch.randn(12, 8), torch.tensor([0, 3, 7, 12])),
    (torch.randn(6, 8), torch.tensor([0, 6])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
