# Source: huggingface/transformers src/transformers/models/big_bird/modeling_big_bird.py
#   (BigBirdModel._pad_to_block_size, paraphrased): `block_size = self.config.block_size`,
#   `batch_size, seq_len = input_shape[:2]`, `padding_len = (block_size - seq_len % block_size) %
#   block_size`, `if padding_len > 0: logger.warning_once(...); if input_ids is not None:
#   input_ids = nn.functional.pad(input_ids, (0, padding_len), value=pad_token_id)`, ...
#   `attention_mask = nn.functional.pad(attention_mask, (0, padding_len), value=False)`, and in
#   forward: `if padding_len > 0: sequence_output = sequence_output[:, :-padding_len]`.
# What fails: the `if padding_len > 0` tests a size remainder, so the traced model keeps
#   whichever branch the example length took; the `[:, :-padding_len]` un-padding is only right
#   when the test holds.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=50, dim=8, block_size=4, pad_token_id=0):
        super().__init__()
        self.block_size = block_size
        self.pad_token_id = pad_token_id
        self.embed = nn.Embedding(vocab, dim)
        self.mix = nn.Linear(dim, dim)

    def _pad_to_block_size(self, input_ids, attention_mask):
        seq_len = input_ids.shape[1]
        padding_len = (self.block_size - seq_len % self.block_size) % self.block_size
        if padding_len > 0:  # expect: EXL102
            input_ids = nn.functional.pad(input_ids, (0, padding_len), value=self.pad_token_id)
            attention_mask = nn.functional.pad(attention_mask, (0, padding_len), value=0)
        return padding_len, input_ids, attention_mask

    def _block_attention(self, hidden, mask):
        b, n, d = hidden.shape
        blocks = hidden.reshape(b, n // self.block_size, self.block_size, d)
        m = mask.reshape(b, n // self.block_size, 1, self.block_size).to(hidden.dtype)
        scores = blocks @ blocks.transpose(-1, -2) / d**0.5 + (1.0 - m) * -1e4
        return (torch.softmax(scores, dim=-1) @ blocks).reshape(b, n, d)

    def forward(self, input_ids, attention_mask):
        padding_len, input_ids, attention_mask = self._pad_to_block_size(input_ids, attention_mask)
        hidden = self.embed(input_ids)
        sequence_output = self.mix(self._block_attention(hidden, attention_mask))
        if padding_len > 0:  # expect: EXL102
            sequence_output = sequence_output[:, :-padding_len]
        return sequence_output


torch.manual_seed(0)
example_inputs = [
    (torch.randint(1, 50, (2, 10)), torch.ones(2, 10, dtype=torch.long)),
    (torch.randint(1, 50, (3, 12)), torch.ones(3, 12, dtype=torch.long)),
    (torch.randint(1, 50, (1, 7)), torch.ones(1, 7, dtype=torch.long)),
]
seq = Dim("seq")
dynamic_shapes = ({0: Dim.DYNAMIC, 1: seq}, {0: Dim.DYNAMIC, 1: seq})
