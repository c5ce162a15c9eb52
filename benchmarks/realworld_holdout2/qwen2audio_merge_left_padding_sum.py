# Source: huggingface/transformers src/transformers/models/qwen2_audio/modeling_qwen2_audio.py
#   (Qwen2AudioForConditionalGeneration._merge_input_ids_with_audio_features, the legacy merge,
#   paraphrased): `left_padding = True; if batch_size > 1: ... left_padding = not
#   torch.sum(input_ids[:, -1] == torch.tensor(self.pad_token_id))`, ..., `if left_padding:
#   new_token_positions += nb_audio_pad[:, None]`.
# What fails: `not torch.sum(...)` turns a tensor into a Python bool (is the batch
#   left-padded?), a test on the data that export cannot trace.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=40, dim=8, pad_token_id=0, audio_token_id=3):
        super().__init__()
        self.pad_token_id = pad_token_id
        self.audio_token_id = audio_token_id
        self.embed = nn.Embedding(vocab, dim)
        self.audio_proj = nn.Linear(dim, dim)

    def forward(self, input_ids, audio_features):
        batch_size, sequence_length = input_ids.shape
        left_padding = not torch.sum(input_ids[:, -1] == torch.tensor(self.pad_token_id))  # expect: EXL101
        special_audio_token_mask = input_ids == self.audio_token_id
        positions = torch.cumsum(special_audio_token_mask.long() * (audio_features.shape[1] - 1) + 1, -1) - 1
        if left_padding:
            nb_pad = positions.max(dim=-1, keepdim=True).values - positions[:, -1:]
            positions = positions + nb_pad
        text = self.embed(input_ids)
        audio = self.audio_proj(audio_features).mean(dim=1, keepdim=True)
        merged = torch.where(special_audio_token_mask.unsqueeze(-1), audio, text)
        return merged * positions.unsqueeze(-1).float()


torch.manual_seed(0)
ids0 = torch.tensor([[5, 3, 7, 9, 0], [6, 3, 8, 2, 4]])
ids1 = torch.tensor([[0, 0, 5, 3, 7, 9], [1, 2, 3, 4, 5, 6], [9, 3, 8, 7, 6, 5]])
ids2 = torch.tensor([[4, 3, 3, 2, 0, 0, 0]])
example_inputs = [(ids0, torch.randn(2, 4, 8)), (ids1, torch.randn(3, 6, 8)), (ids2, torch.randn(1, 3, 8))]
dynamic_shapes = ({0: Dim("batch"), 1: Dim.DYNAMIC}, {0: Dim("batch"), 1: Dim.DYNAMIC})
