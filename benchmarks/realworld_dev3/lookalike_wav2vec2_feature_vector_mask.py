# Source: huggingface/transformers src/transformers/models/wav2vec2/modeling_wav2vec2.py
#   (_get_feat_extract_output_lengths, _get_feature_vector_attention_mask): `def
#   _conv_out_length(input_length, kernel_size, stride): return torch.div(input_length - kernel_size,
#   stride, rounding_mode="floor") + 1`, `non_padded_lengths = attention_mask.cumsum(dim=-1)[:, -1]`,
#   `output_lengths = self._get_feat_extract_output_lengths(non_padded_lengths)`, `attention_mask =
#   torch.zeros((batch_size, feature_vector_length), dtype=attention_mask.dtype, device=...)`,
#   `attention_mask[(torch.arange(attention_mask.shape[0], device=...), output_lengths - 1)] = 1`,
#   `attention_mask = attention_mask.flip([-1]).cumsum(-1).flip([-1]).bool()`.
# Look-alike: the lengths stay tensors (index, cumsum, flip): no Python value is read from data:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_kernel = (4, 2)
        self.conv_stride = (2, 2)
        self.convs = nn.Sequential(nn.Conv1d(1, 4, 4, 2), nn.GELU(), nn.Conv1d(4, 4, 2, 2))

    def _get_feat_extract_output_lengths(self, input_lengths):
        def _conv_out_length(input_length, kernel_size, stride):
            return torch.div(input_length - kernel_size, stride, rounding_mode="floor") + 1

        for kernel_size, stride in zip(self.conv_kernel, self.conv_stride):
            input_lengths = _conv_out_length(input_lengths, kernel_size, stride)
        return input_lengths

    def _get_feature_vector_attention_mask(self, feature_vector_length, attention_mask):
        non_padded_lengths = attention_mask.cumsum(dim=-1)[:, -1]
        output_lengths = self._get_feat_extract_output_lengths(non_padded_lengths)
        output_lengths = output_lengths.to(torch.long)
        batch_size = attention_mask.shape[0]
        attention_mask = torch.zeros((batch_size, feature_vector_length), dtype=attention_mask.dtype, device=attention_mask.device)
        attention_mask[(torch.arange(attention_mask.shape[0], device=attention_mask.device), output_lengths - 1)] = 1
        attention_mask = attention_mask.flip([-1]).cumsum(-1).flip([-1]).bool()
        return attention_mask

    def forward(self, input_values, attention_mask):
        hidden_states = self.convs(input_values[:, None]).transpose(1, 2)
        mask = self._get_feature_vector_attention_mask(hidden_states.shape[1], attention_mask)
        hidden_states = hidden_states * mask[..., None]
        return hidden_states.sum(1) / mask.sum(1, keepdim=True)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 20), torch.tensor([[1] * 20, [1] * 14 + [0] * 6])),
    (torch.randn(1, 30), torch.ones(1, 30, dtype=torch.long)),
    (torch.randn(3, 16), torch.tensor([[1] * 16, [1] * 10 + [0] * 6, [1] * 8 + [0] * 8])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
