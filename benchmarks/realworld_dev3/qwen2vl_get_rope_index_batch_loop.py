# Source: huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py
#   (Qwen2VLModel.get_rope_index, text-only part): `total_input_ids = input_ids`, `position_ids =
#   torch.ones(3, input_ids.shape[0], input_ids.shape[1], dtype=input_ids.dtype, device=...)`, `for i,
#   input_ids in enumerate(total_input_ids): input_ids = input_ids[attention_mask[i] == 1]`, ...,
#   `llm_positions = torch.cat(llm_pos_ids_list, dim=1).reshape(3, -1)`, `position_ids[...,
#   i, attention_mask[i] == 1] = llm_positions.to(position_ids.device)`, `mrope_position_deltas.append(
#   llm_positions.max() + 1 - len(total_input_ids[i]))`.
# What fails: the loop over the batch (iterating the ids tensor) unrolls to the traced batch size,
#   the boolean-mask selection gives each row a data-dependent length, and `len()` of a row
#   turns the dynamic length into a Python int.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)

    def get_rope_index(self, input_ids, attention_mask):
        total_input_ids = input_ids
        position_ids = torch.ones(3, input_ids.shape[0], input_ids.shape[1], dtype=input_ids.dtype, device=input_ids.device)
        mrope_position_deltas = []
        for i, input_ids in enumerate(total_input_ids):  # expect: EXL401
            input_ids = input_ids[attention_mask[i] == 1]  # expect: NONE-mask-select-per-row
            llm_pos_ids_list = [torch.arange(input_ids.shape[0]).view(1, -1).expand(3, -1)]
            llm_positions = torch.cat(llm_pos_ids_list, dim=1).reshape(3, -1)
            position_ids[..., i, attention_mask[i] == 1] = llm_positions.to(position_ids.device)
            mrope_position_deltas.append(llm_positions.max() + 1 - len(total_input_ids[i]))  # expect: EXL303
        mrope_position_deltas = torch.tensor(mrope_position_deltas, device=input_ids.device).unsqueeze(1)
        return position_ids, mrope_position_deltas

    def forward(self, input_ids, attention_mask):
        position_ids, deltas = self.get_rope_index(input_ids, attention_mask)
        return self.embed_tokens(input_ids) * position_ids[0, ..., None], deltas


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[1, 2, 3, 4], [5, 6, 0, 0]]), torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]])),
    (torch.tensor([[3, 4, 5, 6, 7, 8]]), torch.ones(1, 6, dtype=torch.long)),
    (torch.tensor([[0, 1, 2], [2, 3, 4], [5, 6, 7]]), torch.tensor([[0, 1, 1], [1, 1, 1], [1, 1, 0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
