# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/_patch_transformers_funnel.py
#   (patched_FunnelAttentionStructure.relative_pos replaces transformers' funnel code):
#   `num_remove = shift * len(pooled_pos)`, `max_dist = ref_point + num_remove * stride`,
#   `torch.arange(max_dist, min_dist - 1, -stride)` with tensor bounds.
# What fails: `len(pooled_pos)` specialises the length (a guard on the traced size). The
#   torch.arange with tensor bounds exports on torch 2.13 (measured: replacing only `len()`
#   makes the model export and match), so it is not marked.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.embed = nn.Embedding(64, dim)

    def relative_pos(self, pos, stride, pooled_pos=None, shift=1):
        if pooled_pos is None:
            pooled_pos = pos
        ref_point = pooled_pos[0] - pos[0]
        num_remove = shift * len(pooled_pos)  # expect: EXL303
        max_dist = ref_point + num_remove * stride
        min_dist = pooled_pos[0] - pos[-1]
        return torch.arange(max_dist, min_dist - 1, -stride, dtype=torch.long)

    def forward(self, hidden):
        pos = torch.arange(hidden.shape[1], dtype=torch.long)
        pooled = pos[::2]
        rel = self.relative_pos(pos, 2, pooled) + 32
        return hidden.sum(dim=1, keepdim=True) + self.embed(rel.clamp(0, 63)).sum(dim=0)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 10, 8),), (torch.randn(1, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
