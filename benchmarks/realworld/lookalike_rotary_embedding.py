# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (common_RotaryEmbedding.forward, the patched Llama/Mistral/Gemma rotary embedding):
#   `inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)`, autocast off,
#   `emb = torch.cat((freqs, freqs), dim=-1)`, `cos = emb.cos() * self.attention_scaling`.
# Look-alike: sizes only feed expand; exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, base=10000.0):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.attention_scaling = 1.0

    @torch.no_grad()
    def forward(self, x, position_ids):
        inv_freq_expanded = self.inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        position_ids_expanded = position_ids[:, None, :].float()
        device_type = x.device.type if isinstance(x.device.type, str) and x.device.type != "mps" else "cpu"
        with torch.autocast(device_type=device_type, enabled=False):
            freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
            emb = torch.cat((freqs, freqs), dim=-1)
            cos = emb.cos() * self.attention_scaling
            sin = emb.sin() * self.attention_scaling
        return cos.to(dtype=x.dtype), sin.to(dtype=x.dtype)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.arange(5).expand(2, 5)),
    (torch.randn(3, 9, 8), torch.arange(2, 11).expand(3, 9)),
    (torch.randn(2, 3, 8), torch.arange(3).expand(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
