# Source: huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py
#   (Qwen2VisionTransformerPretrainedModel.forward and VisionSdpaAttention.forward, transformers
#   4.45-4.49): `cu_seqlens = torch.repeat_interleave(grid_thw[:, 1] * grid_thw[:, 2], grid_thw[:,
#   0]).cumsum(dim=0, dtype=torch.int32)`, `cu_seqlens = F.pad(cu_seqlens, (1, 0), value=0)`;
#   `attention_mask = torch.zeros([1, seq_length, seq_length], device=q.device, dtype=torch.bool)`,
#   `for i in range(1, len(cu_seqlens)): attention_mask[..., cu_seqlens[i - 1] : cu_seqlens[i],
#   cu_seqlens[i - 1] : cu_seqlens[i]] = True`.
# What fails: the number of images (the length of cu_seqlens, from repeat_interleave of a tensor)
#   and the slice bounds are data.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class VisionSdpaAttention(nn.Module):
    def __init__(self, dim=8, num_heads=2):
        super().__init__()
        self.num_heads = num_heads
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, hidden_states, cu_seqlens):
        seq_length = hidden_states.shape[0]
        q, k, v = self.qkv(hidden_states).reshape(seq_length, 3, self.num_heads, -1).permute(1, 0, 2, 3).unbind(0)
        attention_mask = torch.zeros([1, seq_length, seq_length], device=q.device, dtype=torch.bool)
        for i in range(1, len(cu_seqlens)):  # expect: EXL303
            attention_mask[..., cu_seqlens[i - 1] : cu_seqlens[i], cu_seqlens[i - 1] : cu_seqlens[i]] = True  # expect: NONE-tensor-slice-bounds
        q = q.transpose(0, 1)
        k = k.transpose(0, 1)
        v = v.transpose(0, 1)
        attn_output = F.scaled_dot_product_attention(q, k, v, attention_mask, dropout_p=0.0)
        attn_output = attn_output.transpose(0, 1).reshape(seq_length, -1)
        return self.proj(attn_output)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = nn.Linear(6, 8)
        self.attn = VisionSdpaAttention()

    def forward(self, hidden_states, grid_thw):
        hidden_states = self.patch_embed(hidden_states)
        cu_seqlens = torch.repeat_interleave(grid_thw[:, 1] * grid_thw[:, 2], grid_thw[:, 0]).cumsum(dim=0, dtype=torch.int32)
        cu_seqlens = F.pad(cu_seqlens, (1, 0), value=0)
        return self.attn(hidden_states, cu_seqlens)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(10, 6), torch.tensor([[1, 2, 3], [1, 2, 2]])),
    (torch.randn(8, 6), torch.tensor([[2, 2, 2]])),
    (torch.randn(12, 6), torch.tensor([[1, 2, 2], [1, 2, 2], [1, 2, 2]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
