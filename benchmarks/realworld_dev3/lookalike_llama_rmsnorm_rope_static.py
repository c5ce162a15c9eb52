# Source: huggingface/transformers src/transformers/models/llama/modeling_llama.py (LlamaRMSNorm.forward,
#   LlamaRotaryEmbedding.forward, apply_rotary_pos_emb): `variance =
#   hidden_states.pow(2).mean(-1, keepdim=True)`, `hidden_states = hidden_states *
#   torch.rsqrt(variance + self.variance_epsilon)`, `inv_freq_expanded = self.inv_freq[None, :,
#   None].float().expand(position_ids.shape[0], -1, 1)`, `freqs = (inv_freq_expanded.float() @
#   position_ids_expanded.float()).transpose(1, 2)`, `emb = torch.cat((freqs, freqs), dim=-1)`,
#   `x1 = x[..., : x.shape[-1] // 2]`, `x2 = x[..., x.shape[-1] // 2 :]`.
# Look-alike: `x.shape[-1] // 2` is the head size (static); the positions come from an arange
#   over the dynamic length: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        input_dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(input_dtype)


class Model(nn.Module):
    def __init__(self, hidden=8, heads=2):
        super().__init__()
        self.heads = heads
        self.head_dim = hidden // heads
        self.norm = LlamaRMSNorm(hidden)
        self.q_proj = nn.Linear(hidden, hidden)
        inv_freq = 1.0 / (10000 ** (torch.arange(0, self.head_dim, 2, dtype=torch.int64).float() / self.head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, hidden_states):
        bsz, q_len, _ = hidden_states.size()
        position_ids = torch.arange(q_len, device=hidden_states.device).unsqueeze(0).expand(bsz, -1)
        inv_freq_expanded = self.inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        position_ids_expanded = position_ids[:, None, :].float()
        freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        q = self.q_proj(self.norm(hidden_states)).view(bsz, q_len, self.heads, self.head_dim).transpose(1, 2)
        return (q * cos) + (rotate_half(q) * sin)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
