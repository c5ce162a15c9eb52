# Source: huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py
#   (Qwen2VLRotaryEmbedding.forward and apply_multimodal_rotary_pos_emb): `inv_freq_expanded =
#   self.inv_freq[None, None, :, None].float().expand(3, position_ids.shape[1], -1, 1)`, `freqs =
#   (inv_freq_expanded @ position_ids_expanded).transpose(2, 3)`, `mrope_section = mrope_section *
#   2`, `cos = torch.cat([m[i % 3] for i, m in enumerate(cos.split(mrope_section, dim=-1))],
#   dim=-1).unsqueeze(unsqueeze_dim)`.
# Look-alike: a comprehension over `split` pieces of static sizes (the mrope sections): exports
#   and matches eager.
import torch
from torch import nn
from torch.export import Dim


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def apply_multimodal_rotary_pos_emb(q, k, cos, sin, mrope_section, unsqueeze_dim=1):
    mrope_section = mrope_section * 2
    cos = torch.cat([m[i % 3] for i, m in enumerate(cos.split(mrope_section, dim=-1))], dim=-1).unsqueeze(unsqueeze_dim)
    sin = torch.cat([m[i % 3] for i, m in enumerate(sin.split(mrope_section, dim=-1))], dim=-1).unsqueeze(unsqueeze_dim)
    q_embed = (q * cos) + (rotate_half(q) * sin)
    k_embed = (k * cos) + (rotate_half(k) * sin)
    return q_embed, k_embed


class Model(nn.Module):
    def __init__(self, head_dim=12, heads=2, base=10000.0):
        super().__init__()
        self.mrope_section = [2, 2, 2]
        self.register_buffer("inv_freq", 1.0 / (base ** (torch.arange(0, head_dim, 2).float() / head_dim)), persistent=False)

    def forward(self, q, k, position_ids):
        inv_freq_expanded = self.inv_freq[None, None, :, None].float().expand(3, position_ids.shape[1], -1, 1)
        position_ids_expanded = position_ids[:, :, None, :].float()
        freqs = (inv_freq_expanded @ position_ids_expanded).transpose(2, 3)
        emb = torch.cat((freqs, freqs), dim=-1)
        q_embed, k_embed = apply_multimodal_rotary_pos_emb(q, k, emb.cos(), emb.sin(), self.mrope_section)
        return q_embed + k_embed


def _inputs(batch, seq):
    position_ids = torch.stack([torch.arange(seq), torch.arange(seq) // 2, torch.arange(seq) % 3])
    return (torch.randn(batch, 2, seq, 12), torch.randn(batch, 2, seq, 12), position_ids[:, None, :].expand(3, batch, seq).contiguous())


torch.manual_seed(0)
example_inputs = [_inputs(2, 5), _inputs(1, 9), _inputs(3, 4)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
