# Source: huggingface/transformers src/transformers/models/xmod/modeling_xmod.py
#   (XmodOutput.lang_adapter, transformers 4.x, read through the code search):
#   `lang_ids, lang_lengths = torch.unique_consecutive(lang_ids, return_counts=True)`,
#   `torch.split(hidden_states, lang_lengths.tolist(), 0)`, a loop over
#   `zip(lang_ids, split_hidden_states)` with `int(lang_id.item())` picking the adapter.
# What fails: `.tolist()` of data-dependent counts, `int(.item())` and a loop over a tensor.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, languages=("en", "fr", "de")):
        super().__init__()
        self.adapter_modules = nn.ModuleDict({lang: nn.Linear(dim, dim) for lang in languages})

    def forward(self, lang_ids, hidden_states):
        lang_ids, lang_lengths = torch.unique_consecutive(lang_ids, return_counts=True)
        residual = hidden_states
        split_hidden_states = torch.split(hidden_states, lang_lengths.tolist(), 0)  # expect: EXL202
        lang_wise_outputs = []
        for i, (lang_id, split_hidden_state) in enumerate(zip(lang_ids, split_hidden_states)):  # expect: EXL401
            lang = list(self.adapter_modules.keys())[int(lang_id.item())]  # expect: EXL201
            lang_wise_outputs.append(self.adapter_modules[lang](split_hidden_state))
        hidden_states = torch.cat(lang_wise_outputs, 0)
        return hidden_states + residual


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([0, 0, 1, 2, 2]), torch.randn(5, 4, 8)),
    (torch.tensor([1, 1, 1, 0]), torch.randn(4, 3, 8)),
    (torch.tensor([2, 0, 0, 1, 1, 1, 2]), torch.randn(7, 6, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
