# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (patched_GenerationMixin.prepare_inputs_for_generation, step 4 "Create missing
#   position_ids"): `position_ids = attention_mask.long().cumsum(-1) - 1` then
#   `position_ids.masked_fill_(attention_mask == 0, 1)`.
# Look-alike: the in-place fill changes a fresh tensor, not a forward input.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(32, 8)
        self.pos = nn.Embedding(64, 8)

    def forward(self, input_ids, attention_mask):
        position_ids = attention_mask.long().cumsum(-1) - 1
        position_ids.masked_fill_(attention_mask == 0, 1)
        return self.embed(input_ids) + self.pos(position_ids)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 5)), torch.tensor([[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]])),
    (torch.randint(0, 32, (3, 8)), torch.ones(3, 8, dtype=torch.long)),
    (torch.randint(0, 32, (2, 3)), torch.tensor([[0, 1, 1], [1, 1, 1]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
