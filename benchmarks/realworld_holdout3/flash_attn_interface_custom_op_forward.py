# Source: Dao-AILab/flash-attention flash_attn/flash_attn_interface.py (flash-attn 2.7; paraphrased:
#   the CUDA kernel is replaced by a CPU reference so the model runs here, the op is registered
#   for "cpu" under its own namespace): `@_torch_custom_op_wrapper("flash_attn::_flash_attn_forward",
#   mutates_args=(), device_types="cuda") def _flash_attn_forward(q, k, v, dropout_p,
#   softmax_scale, causal, ...): q, k, v = [maybe_contiguous(x) for x in (q, k, v)]; out,
#   softmax_lse, S_dmask, rng_state = flash_attn_gpu.fwd(...)`; `@_torch_register_fake_wrapper(
#   "flash_attn::_flash_attn_forward") def _flash_attn_forward_fake(q, k, v, ...): batch_size,
#   seqlen_q, num_heads, head_size = q.shape; out = torch.empty_like(q); softmax_lse =
#   torch.empty((batch_size, num_heads, seqlen_q), dtype=torch.float32, device=q.device,
#   layout=q.layout)`; `_wrapped_flash_attn_forward = torch.ops.flash_attn._flash_attn_forward`
#   (torch >= 2.4), called by `FlashAttnFunc.forward` / `flash_attn_func(q, k, v, dropout_p=0.0,
#   softmax_scale=None, causal=True)` from the attention of a decoder block.
# What fails: the attention is a custom operator with a fake (meta) kernel: torch.export keeps it
#   as `flashcpu._flash_attn_forward`, torch.onnx has no translation for it.
# Measured (torch 2.13, verification worker): export succeeds; onnx: ConversionError:
#   DispatchError: No ONNX function found for <OpOverload(op='flashcpu._flash_attn_forward',
#   overload='default')>.
import torch
from torch import nn
from torch.export import Dim


@torch.library.custom_op("flashcpu::_flash_attn_forward", mutates_args=(), device_types="cpu")
def _flash_attn_forward(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, dropout_p: float, softmax_scale: float, causal: bool) -> tuple[torch.Tensor, torch.Tensor]:
    qh, kh, vh = (t.transpose(1, 2) for t in (q, k, v))
    scores = (qh @ kh.transpose(-1, -2)) * softmax_scale
    if causal:
        seqlen_q, seqlen_k = scores.shape[-2], scores.shape[-1]
        mask = torch.ones(seqlen_q, seqlen_k, dtype=torch.bool).triu(seqlen_k - seqlen_q + 1)
        scores = scores.masked_fill(mask, float("-inf"))
    softmax_lse = torch.logsumexp(scores, dim=-1).float()
    out = (scores.softmax(dim=-1) @ vh).transpose(1, 2).contiguous()
    return out, softmax_lse


@_flash_attn_forward.register_fake
def _flash_attn_forward_fake(q, k, v, dropout_p, softmax_scale, causal):
    batch_size, seqlen_q, num_heads, head_size = q.shape
    out = torch.empty_like(q)
    softmax_lse = torch.empty((batch_size, num_heads, seqlen_q), dtype=torch.float32, device=q.device, layout=q.layout)
    return out, softmax_lse


def flash_attn_func(q, k, v, dropout_p=0.0, softmax_scale=None, causal=False):
    if softmax_scale is None:
        softmax_scale = q.shape[-1] ** (-0.5)
    out, _ = torch.ops.flashcpu._flash_attn_forward(q, k, v, dropout_p, softmax_scale, causal)  # expect: EXL403
    return out


class Model(nn.Module):
    def __init__(self, dim=8, n_heads=2):
        super().__init__()
        self.n_heads = n_heads
        self.head_dim = dim // n_heads
        self.wqkv = nn.Linear(dim, 3 * dim)
        self.wo = nn.Linear(dim, dim)

    def forward(self, x):
        bsz, seqlen, _ = x.shape
        q, k, v = self.wqkv(x).view(bsz, seqlen, 3, self.n_heads, self.head_dim).unbind(2)
        out = flash_attn_func(q, k, v, dropout_p=0.0, causal=True)
        return self.wo(out.reshape(bsz, seqlen, -1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 11, 8),), (torch.randn(2, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
