# Source: huggingface/transformers src/transformers/models/clvp/modeling_clvp.py
#   (ClvpConditioningEncoder.forward): `if text_embeds.shape[0] == 1 and mel_spec.shape[0] != 1:
#   text_embeds = text_embeds.repeat(...)` / `elif text_embeds.shape[0] != 1 and
#   mel_spec.shape[0] == 1: mel_spec = mel_spec.repeat(...)` / `elif ... != ...: raise`.
# What fails: an elif chain on two dynamic batch sizes: traced with equal batches, export keeps
#   that case; 1-vs-N inputs fail the guard (and ONNX would not broadcast them).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.text = nn.Linear(dim, dim)
        self.mel = nn.Conv1d(4, dim, 3, padding=1)

    def forward(self, text_embeds, mel_spec):
        text_embeds = self.text(text_embeds)
        mel_spec = self.mel(mel_spec)[:, :, 0].unsqueeze(1)
        if text_embeds.shape[0] == 1 and mel_spec.shape[0] != 1:  # expect: EXL102
            text_embeds = text_embeds.repeat(mel_spec.shape[0], 1, 1)
        elif text_embeds.shape[0] != 1 and mel_spec.shape[0] == 1:  # expect: EXL102
            mel_spec = mel_spec.repeat(text_embeds.shape[0], 1, 1)
        elif text_embeds.shape[0] != mel_spec.shape[0]:
            raise ValueError("The number of texts and number of audios must be same.")
        return torch.concat([mel_spec, text_embeds], dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 4, 6)),
    (torch.randn(1, 3, 8), torch.randn(3, 4, 9)),
    (torch.randn(3, 4, 8), torch.randn(1, 4, 7)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 2: Dim.DYNAMIC})
