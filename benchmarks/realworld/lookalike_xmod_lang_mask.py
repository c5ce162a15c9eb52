# Source: huggingface/transformers src/transformers/models/xmod/modeling_xmod.py
#   (XmodOutput.lang_adapter, transformers 5.x): `for adapter_idx, lang_key in
#   enumerate(self.adapter_modules.keys()):`, `lang_mask = lang_ids == adapter_idx`,
#   `new_hidden_states[lang_mask] = self.adapter_modules[lang_key](hidden_states[lang_mask])`.
# Look-alike of xmod_lang_adapter_split.py: a loop over the fixed adapters with boolean masks
#   (the in-place write is on a fresh tensor); exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, languages=("en", "fr", "de")):
        super().__init__()
        self.adapter_modules = nn.ModuleDict({lang: nn.Linear(dim, dim) for lang in languages})

    def forward(self, lang_ids, hidden_states):
        residual = hidden_states
        new_hidden_states = torch.zeros_like(hidden_states)
        for adapter_idx, lang_key in enumerate(self.adapter_modules.keys()):
            lang_mask = lang_ids == adapter_idx
            new_hidden_states[lang_mask] = self.adapter_modules[lang_key](hidden_states[lang_mask])
        return new_hidden_states + residual


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([0, 0, 1, 2, 2]), torch.randn(5, 4, 8)),
    (torch.tensor([1, 1, 1, 0]), torch.randn(4, 3, 8)),
    (torch.tensor([2, 0, 0, 1, 1, 1, 2]), torch.randn(7, 6, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
