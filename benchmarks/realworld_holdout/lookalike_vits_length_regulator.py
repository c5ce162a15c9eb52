# Source: huggingface/transformers src/transformers/models/vits/modeling_vits.py (VitsModel.forward,
#   the length regulator after the duration predictor): `predicted_lengths =
#   torch.clamp_min(torch.sum(duration, [1, 2]), 1).long()`, `indices =
#   torch.arange(predicted_lengths.max(), ...)`, `output_padding_mask = indices.unsqueeze(0) <
#   predicted_lengths.unsqueeze(1)`, `cum_duration = torch.cumsum(duration, -1).view(batch_size *
#   input_length, 1)`, `valid_indices = indices.unsqueeze(0) < cum_duration`, `padded_indices =
#   valid_indices - nn.functional.pad(valid_indices, [0, 0, 1, 0, 0, 0])[:, :-1]`.
# Look-alike (measured on torch 2.13): the output length is a data-dependent maximum, but it is
#   only used as a tensor size (`arange`, masks, matmul), never as a Python number: exports,
#   converts and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, length_scale=1.0):
        super().__init__()
        self.length_scale = length_scale
        self.duration_proj = nn.Linear(dim, 1)

    def forward(self, hidden_states, input_padding_mask):
        input_padding_mask = input_padding_mask.unsqueeze(1).float()
        log_duration = self.duration_proj(hidden_states).transpose(1, 2)
        length_scale = 1.0 / self.length_scale
        duration = torch.ceil(torch.exp(log_duration) * input_padding_mask * length_scale)
        predicted_lengths = torch.clamp_min(torch.sum(duration, [1, 2]), 1).long()
        indices = torch.arange(predicted_lengths.max(), dtype=predicted_lengths.dtype)
        output_padding_mask = indices.unsqueeze(0) < predicted_lengths.unsqueeze(1)
        output_padding_mask = output_padding_mask.unsqueeze(1).to(input_padding_mask.dtype)
        attn_mask = torch.unsqueeze(input_padding_mask, 2) * torch.unsqueeze(output_padding_mask, -1)
        batch_size, _, output_length, input_length = attn_mask.shape
        cum_duration = torch.cumsum(duration, -1).view(batch_size * input_length, 1)
        indices = torch.arange(output_length, dtype=duration.dtype)
        valid_indices = indices.unsqueeze(0) < cum_duration
        valid_indices = valid_indices.to(attn_mask.dtype).view(batch_size, input_length, output_length)
        padded_indices = valid_indices - nn.functional.pad(valid_indices, [0, 0, 1, 0, 0, 0])[:, :-1]
        attn = padded_indices.unsqueeze(1).transpose(2, 3) * attn_mask
        return torch.matmul(attn.squeeze(1), hidden_states)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])),
    (torch.randn(3, 7, 8), torch.ones(3, 7, dtype=torch.long)),
    (torch.randn(1, 4, 8), torch.tensor([[1, 1, 0, 0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
