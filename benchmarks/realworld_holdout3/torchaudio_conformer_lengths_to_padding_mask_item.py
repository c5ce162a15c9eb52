# Source: pytorch/audio src/torchaudio/models/conformer.py (_lengths_to_padding_mask and
#   Conformer.forward; one ConformerLayer reduced to attention + feed-forward here):
#   `def _lengths_to_padding_mask(lengths: torch.Tensor) -> torch.Tensor: batch_size =
#   lengths.shape[0]; max_length = int(torch.max(lengths).item()); padding_mask =
#   torch.arange(max_length, device=lengths.device, dtype=lengths.dtype).expand(batch_size,
#   max_length) >= lengths.unsqueeze(1); return padding_mask`; `def forward(self, input, lengths):
#   encoder_padding_mask = _lengths_to_padding_mask(lengths); x = input.transpose(0, 1); for layer
#   in self.conformer_layers: x = layer(x, encoder_padding_mask); return x.transpose(0, 1),
#   lengths`.
# What fails: the mask width is the largest length read out of the data as a Python int
#   (`int(...item())`), but the attention compares it with the padded input's time axis, a
#   dynamic size; export cannot show that they agree.
# Measured (torch 2.13, verification worker): export: GuardOnDataDependentSymNode: Could not
#   extract specialized integer from data-dependent expression u0.
import torch
from torch import nn
from torch.export import Dim


def _lengths_to_padding_mask(lengths):
    batch_size = lengths.shape[0]
    max_length = int(torch.max(lengths).item())  # expect: EXL201
    padding_mask = torch.arange(max_length, device=lengths.device, dtype=lengths.dtype).expand(batch_size, max_length) >= lengths.unsqueeze(1)
    return padding_mask


class ConformerLayer(nn.Module):
    def __init__(self, input_dim=8, num_heads=2, ffn_dim=16):
        super().__init__()
        self.self_attn_layer_norm = nn.LayerNorm(input_dim)
        self.self_attn = nn.MultiheadAttention(input_dim, num_heads)
        self.ffn = nn.Sequential(nn.LayerNorm(input_dim), nn.Linear(input_dim, ffn_dim), nn.SiLU(), nn.Linear(ffn_dim, input_dim))

    def forward(self, input, key_padding_mask):
        residual = input
        x = self.self_attn_layer_norm(input)
        x, _ = self.self_attn(query=x, key=x, value=x, key_padding_mask=key_padding_mask, need_weights=False)
        x = x + residual
        return x + 0.5 * self.ffn(x)


class Model(nn.Module):
    def __init__(self, num_layers=2):
        super().__init__()
        self.conformer_layers = nn.ModuleList([ConformerLayer() for _ in range(num_layers)])

    def forward(self, input, lengths):
        encoder_padding_mask = _lengths_to_padding_mask(lengths)
        x = input.transpose(0, 1)
        for layer in self.conformer_layers:
            x = layer(x, encoder_padding_mask)
        return x.transpose(0, 1), lengths


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 8), torch.tensor([7, 5])),
    (torch.randn(3, 11, 8), torch.tensor([11, 11, 6])),
    (torch.randn(2, 5, 8), torch.tensor([5, 3])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim.DYNAMIC}, {0: b})
