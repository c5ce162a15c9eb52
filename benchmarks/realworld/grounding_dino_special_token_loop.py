# Source: open-mmlab/mmdetection mmdet/models/language_models/utils.py (and transformers 4.x
#   grounding_dino: generate_masks_with_special_tokens_and_transfer_map):
#   `idxs = torch.nonzero(special_tokens_mask)`, `for i in range(idxs.shape[0]):`,
#   `row, col = idxs[i]`, `if (col == 0) or (col == num_token - 1): ... else: ...`.
# What fails: a loop over the rows of `nonzero` (data-dependent count) whose body branches on
#   tensor values: GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


def special_token_masks(input_ids, special_tokens):
    bs, num_token = input_ids.shape
    special_tokens_mask = torch.zeros((bs, num_token), dtype=torch.bool)
    for special_token in special_tokens:
        special_tokens_mask |= input_ids == special_token
    idxs = torch.nonzero(special_tokens_mask)
    attention_mask = torch.eye(num_token).bool().unsqueeze(0).repeat(bs, 1, 1)
    position_ids = torch.zeros((bs, num_token))
    previous_col = 0
    for i in range(idxs.shape[0]):  # expect: EXL401
        row, col = idxs[i]
        if (col == 0) or (col == num_token - 1):  # expect: EXL101
            attention_mask[row, col, col] = True
            position_ids[row, col] = 0
        else:
            attention_mask[row, previous_col + 1 : col + 1, previous_col + 1 : col + 1] = True
            position_ids[row, previous_col + 1 : col + 1] = torch.arange(0, col - previous_col)
        previous_col = col
    return attention_mask, position_ids.long()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.special_tokens = [0, 1]
        self.embed = nn.Embedding(16, 8)

    def forward(self, input_ids):
        mask, position_ids = special_token_masks(input_ids, self.special_tokens)
        hidden = self.embed(input_ids) + self.embed(position_ids)
        scores = (hidden @ hidden.transpose(1, 2)).masked_fill(~mask, -1e4)
        return scores.softmax(dim=-1) @ hidden


example_inputs = [
    (torch.tensor([[0, 5, 6, 1, 7, 8, 9, 1], [0, 4, 1, 3, 3, 1, 2, 1]]),),
    (torch.tensor([[0, 5, 1, 7, 1], [0, 2, 2, 2, 1], [0, 9, 9, 1, 1]]),),
    (torch.tensor([[0, 5, 6, 7, 1, 5, 1]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
