# Source: huggingface/transformers src/transformers/models/longformer/modeling_longformer.py
#   (LongformerModel._pad_to_window_size): `padding_len = (attention_window - seq_len %
#   attention_window) % attention_window`, then `if padding_len > 0:` pad input_ids
#   (value=pad_token_id) and the attention mask.
# What fails: the `if` on a size-derived value: traced with a multiple of the window, the
#   padding is dropped and other lengths fail the guard (or are wrong in ONNX).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, attention_window=4, pad_token_id=1):
        super().__init__()
        self.attention_window = attention_window
        self.pad_token_id = pad_token_id
        self.embed = nn.Embedding(32, 8)

    def _pad_to_window_size(self, input_ids, attention_mask):
        attention_window = self.attention_window
        batch_size, seq_len = input_ids.shape[:2]
        padding_len = (attention_window - seq_len % attention_window) % attention_window
        if padding_len > 0:  # expect: EXL102
            input_ids = nn.functional.pad(input_ids, (0, padding_len), value=self.pad_token_id)
            attention_mask = nn.functional.pad(attention_mask, (0, padding_len), value=0)
        return padding_len, input_ids, attention_mask

    def forward(self, input_ids, attention_mask):
        padding_len, input_ids, attention_mask = self._pad_to_window_size(input_ids, attention_mask)
        hidden = self.embed(input_ids) * attention_mask[..., None]
        windows = hidden.view(hidden.shape[0], -1, self.attention_window, hidden.shape[-1])
        return windows.mean(dim=2)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 8)), torch.ones(2, 8, dtype=torch.long)),
    (torch.randint(0, 32, (3, 10)), torch.ones(3, 10, dtype=torch.long)),
    (torch.randint(0, 32, (2, 7)), torch.ones(2, 7, dtype=torch.long)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
