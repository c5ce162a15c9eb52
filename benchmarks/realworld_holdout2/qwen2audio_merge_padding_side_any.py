# Source: huggingface/transformers src/transformers/models/qwen2_audio/modeling_qwen2_audio.py
#   (Qwen2AudioForConditionalGeneration._merge_input_ids_with_audio_features, paraphrased):
#   `batch_size, sequence_length = input_ids.shape`, `_left_padding = torch.any(attention_mask[:, 0]
#   == 0)`, `_right_padding = torch.any(attention_mask[:, -1] == 0)`, `left_padding = True`, `if
#   batch_size > 1: if _left_padding and not _right_padding: left_padding = True elif not
#   _left_padding and _right_padding: left_padding = False elif not _left_padding and not
#   _right_padding: left_padding = self.padding_side == "left" else: raise ValueError(...)`, ...,
#   `new_token_positions = torch.cumsum(token_placeholder_num, -1) - 1`, `if left_padding:
#   new_token_positions += nb_audio_pad[:, None]`.
# What fails: the padding side is decided in Python from tensors (`_left_padding and not
#   _right_padding` on `torch.any(...)` results), and only when `batch_size > 1`, a test on the
#   dynamic batch size.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=40, dim=8, audio_token_index=3):
        super().__init__()
        self.audio_token_index = audio_token_index
        self.padding_side = "left"
        self.embed = nn.Embedding(vocab, dim)
        self.audio_proj = nn.Linear(dim, dim)

    def forward(self, input_ids, attention_mask, audio_features):
        batch_size, sequence_length = input_ids.shape
        _left_padding = torch.any(attention_mask[:, 0] == 0)
        _right_padding = torch.any(attention_mask[:, -1] == 0)
        left_padding = True
        if batch_size > 1:  # expect: EXL102
            if _left_padding and not _right_padding:  # expect: EXL101
                left_padding = True
            elif not _left_padding and _right_padding:  # expect: EXL101
                left_padding = False
            elif not _left_padding and not _right_padding:  # expect: EXL101
                left_padding = self.padding_side == "left"
            else:
                raise ValueError(f"both side of attention_mask has zero, invalid. {attention_mask}")
        special_audio_token_mask = input_ids == self.audio_token_index
        token_placeholder_num = special_audio_token_mask.long() * (audio_features.shape[1] - 1) + 1
        new_token_positions = torch.cumsum(token_placeholder_num, -1) - 1
        max_token_num = token_placeholder_num.sum(-1).max()
        nb_audio_pad = max_token_num - 1 - new_token_positions[:, -1]
        if left_padding:
            new_token_positions = new_token_positions + nb_audio_pad[:, None]
        text = self.embed(input_ids) * attention_mask.unsqueeze(-1)
        audio = self.audio_proj(audio_features).mean(dim=1, keepdim=True)
        merged = torch.where(special_audio_token_mask.unsqueeze(-1), audio, text)
        return merged * new_token_positions.unsqueeze(-1).float()


torch.manual_seed(0)
ids0 = torch.tensor([[5, 3, 7, 9, 8], [6, 3, 8, 2, 4]])
ids1 = torch.tensor([[1, 1, 5, 3, 7, 9], [1, 2, 3, 4, 5, 6], [9, 3, 8, 7, 6, 5]])
ids2 = torch.tensor([[4, 3, 3, 2, 5, 5, 5], [4, 3, 6, 2, 5, 5, 5]])
m1 = torch.ones(3, 6, dtype=torch.long)
m1[0, :2] = 0
m2 = torch.ones(2, 7, dtype=torch.long)
m2[1, 5:] = 0
example_inputs = [
    (ids0, torch.ones(2, 5, dtype=torch.long), torch.randn(2, 4, 8)),
    (ids1, m1, torch.randn(3, 6, 8)),
    (ids2, m2, torch.randn(2, 3, 8)),
]
b = Dim("batch")
dynamic_shapes = ({0: b, 1: Dim("seq")}, {0: b, 1: Dim("seq")}, {0: b, 1: Dim.DYNAMIC})
