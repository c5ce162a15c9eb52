# Source: meta-llama/llama llama/model.py (precompute_freqs_cis, reshape_for_broadcast,
#   apply_rotary_emb): `freqs_cis = torch.polar(torch.ones_like(freqs), freqs)`, `xq_ =
#   torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))`, `freqs_cis =
#   reshape_for_broadcast(freqs_cis, xq_)`, `xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)`,
#   and Attention.forward: `freqs_cis = self.freqs_cis[start_pos : start_pos + seqlen]`.
# Look-alike: the complex rotary product exports: the exporter carries complex tensors as
#   real/imaginary pairs; exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def precompute_freqs_cis(dim: int, end: int, theta: float = 10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    t = torch.arange(end, device=freqs.device)
    freqs = torch.outer(t, freqs).float()
    freqs_cis = torch.polar(torch.ones_like(freqs), freqs)
    return freqs_cis


def reshape_for_broadcast(freqs_cis, x):
    ndim = x.ndim
    shape = [d if i == 1 or i == ndim - 1 else 1 for i, d in enumerate(x.shape)]
    return freqs_cis.view(*shape)


def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.float().reshape(*xk.shape[:-1], -1, 2))
    freqs_cis = reshape_for_broadcast(freqs_cis, xq_)
    xq_out = torch.view_as_real(xq_ * freqs_cis).flatten(3)
    xk_out = torch.view_as_real(xk_ * freqs_cis).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)


class Model(nn.Module):
    def __init__(self, dim=16, n_heads=2, max_seq_len=32):
        super().__init__()
        self.n_heads = n_heads
        self.head_dim = dim // n_heads
        self.wq = nn.Linear(dim, dim, bias=False)
        self.wk = nn.Linear(dim, dim, bias=False)
        self.freqs_cis = precompute_freqs_cis(self.head_dim, max_seq_len * 2)

    def forward(self, x):
        bsz, seqlen, _ = x.shape
        start_pos = 0
        xq = self.wq(x).view(bsz, seqlen, self.n_heads, self.head_dim)
        xk = self.wk(x).view(bsz, seqlen, self.n_heads, self.head_dim)
        freqs_cis = self.freqs_cis[start_pos : start_pos + seqlen]
        xq, xk = apply_rotary_emb(xq, xk, freqs_cis=freqs_cis)
        return xq + xk


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 16),), (torch.randn(1, 9, 16),), (torch.randn(3, 4, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
