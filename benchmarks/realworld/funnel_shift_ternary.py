# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/_patch_transformers_funnel.py
#   (patched_FunnelRelMultiheadAttention.relative_positional_attention keeps transformers' line
#   `shift = 2 if q_head.shape[1] != context_len else 1`, then
#   `r = position_embeds[self.block_index][shift - 1]`).
# What fails: the ternary compares two dynamic lengths: export keeps the traced case; when the
#   query is pooled (shorter than the context) the guard fails or ONNX is wrong.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.r_one = nn.Parameter(torch.randn(dim))
        self.r_two = nn.Parameter(torch.randn(dim))

    def forward(self, q_head, k_head):
        context_len = k_head.shape[1]
        shift = 2 if q_head.shape[1] != context_len else 1  # expect: EXL102
        r = (self.r_one, self.r_two)[shift - 1]
        scores = (q_head + r) @ k_head.transpose(1, 2)
        return scores.softmax(dim=-1) @ k_head


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.randn(2, 6, 8)),
    (torch.randn(3, 4, 8), torch.randn(3, 8, 8)),
    (torch.randn(2, 5, 8), torch.randn(2, 10, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
