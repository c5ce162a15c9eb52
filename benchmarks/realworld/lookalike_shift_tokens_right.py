# Source: huggingface/transformers src/transformers/models/prophetnet/modeling_prophetnet.py
#   (ProphetNetPreTrainedModel._shift_right; the same in longt5/switch_transformers):
#   `shifted_input_ids = input_ids.new_zeros(input_ids.shape)`,
#   `shifted_input_ids[..., 1:] = input_ids[..., :-1].clone()`,
#   `shifted_input_ids.masked_fill_(shifted_input_ids == -100, pad_token_id)`.
# Look-alike: the in-place writes change a fresh tensor, not the forward input.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, decoder_start_token_id=2, pad_token_id=0):
        super().__init__()
        self.decoder_start_token_id = decoder_start_token_id
        self.pad_token_id = pad_token_id
        self.embed = nn.Embedding(32, 8)

    def _shift_right(self, input_ids):
        shifted_input_ids = input_ids.new_zeros(input_ids.shape)
        shifted_input_ids[..., 1:] = input_ids[..., :-1].clone()
        shifted_input_ids[..., 0] = self.decoder_start_token_id
        shifted_input_ids.masked_fill_(shifted_input_ids == -100, self.pad_token_id)
        return shifted_input_ids

    def forward(self, labels):
        return self.embed(self._shift_right(labels))


example_inputs = [
    (torch.tensor([[5, 6, -100, -100], [7, 8, 9, 10]]),),
    (torch.tensor([[5, 6, 7, 8, 9, -100], [1, 2, 3, -100, -100, -100], [4, 4, 4, 4, 4, 4]]),),
    (torch.tensor([[3, -100, -100], [11, 12, 13]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
