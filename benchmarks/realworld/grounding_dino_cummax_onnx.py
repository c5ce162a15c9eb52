# Source: huggingface/transformers src/transformers/models/grounding_dino/modeling_grounding_dino.py
#   (transformers 5.x generate_masks_with_special_tokens_and_transfer_map): the per-token loop
#   became `torch.isin` (here: `==` against the special ids), `torch.cummax` of special-token positions and a flipped `cummin`;
#   tokens attend to each other when they share the next special token.
# What fails: torch.export works, but torch.onnx has no translation for aten.cummax /
#   aten.cummin (measured on torch 2.13 + onnxscript): the ONNX export fails.
import torch
from torch import nn
from torch.export import Dim


def block_mask(input_ids, special_tokens):
    batch_size, seq_len = input_ids.shape
    special_mask = (input_ids[..., None] == special_tokens).any(-1)
    indices = torch.arange(seq_len).unsqueeze(0).expand(batch_size, -1)
    prev_special = torch.where(special_mask, indices, torch.full((), -1))
    prev_special = torch.cummax(prev_special, dim=1)[0]  # expect: NONE-no-onnx-translation
    prev_special = torch.cat([prev_special.new_full((batch_size, 1), -1), prev_special[:, :-1]], dim=1)
    next_special = torch.where(special_mask, indices, torch.tensor(seq_len))
    next_special = torch.flip(torch.cummin(torch.flip(next_special, dims=[1]), dim=1)[0], dims=[1])  # expect: NONE-no-onnx-translation
    valid_block = (next_special != 0) & (next_special != seq_len - 1) & (next_special != seq_len)
    attention_mask = (next_special.unsqueeze(2) == next_special.unsqueeze(1)) & valid_block.unsqueeze(1)
    attention_mask = attention_mask | torch.eye(seq_len, dtype=torch.bool).unsqueeze(0)
    position_ids = torch.where(valid_block, indices - prev_special - 1, torch.zeros_like(indices))
    return attention_mask, position_ids


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("special_tokens", torch.tensor([0, 1]))
        self.embed = nn.Embedding(16, 8)

    def forward(self, input_ids):
        mask, position_ids = block_mask(input_ids, self.special_tokens)
        hidden = self.embed(input_ids) + self.embed(position_ids.clamp(0, 15))
        scores = (hidden @ hidden.transpose(1, 2)).masked_fill(~mask, -1e4)
        return scores.softmax(dim=-1) @ hidden


example_inputs = [
    (torch.tensor([[0, 5, 6, 1, 7, 8, 9, 1], [0, 4, 1, 3, 3, 1, 2, 1]]),),
    (torch.tensor([[0, 5, 1, 7, 1], [0, 2, 2, 2, 1], [0, 9, 9, 1, 1]]),),
    (torch.tensor([[0, 5, 6, 7, 1, 5, 1], [0, 1, 2, 3, 4, 5, 1]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
