# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (patched_GenerationMixin._cache_dependant_input_preparation, the original transformers code
#   it replaces with torch.cond): `elif inputs_embeds is not None or (cache_position[-1] >=
#   input_ids.shape[1])` and `elif input_ids.shape[1] != cache_position.shape[0]`.
# What fails: the first test reads a tensor value (GuardOnDataDependentSymNode); the second
#   compares two dynamic lengths.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(32, 8)
        self.head = nn.Linear(8, 32)

    def prepare(self, input_ids, cache_position):
        if cache_position[-1] >= input_ids.shape[1]:  # expect: EXL101
            input_ids = input_ids[:, -cache_position.shape[0] :]
        elif input_ids.shape[1] != cache_position.shape[0]:  # expect: EXL102
            input_ids = input_ids[:, cache_position]
        return input_ids

    def forward(self, input_ids, cache_position):
        input_ids = self.prepare(input_ids, cache_position)
        return self.head(self.embed(input_ids))


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 6)), torch.arange(3, 6)),
    (torch.randint(0, 32, (3, 9)), torch.arange(7, 9)),
    (torch.randint(0, 32, (2, 5)), torch.arange(5, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
