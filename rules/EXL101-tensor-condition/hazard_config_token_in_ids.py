import warnings

import torch
from torch.export import Dim


class Config:
    pad_token_id = 0


class Model(torch.nn.Module):
    """Padding warning at the start of forward (transformers' warn_if_padding_and_no_attention_mask
    before it skipped dynamo): `config.pad_token_id in input_ids[...]` asks the tensor for a
    Python bool. `torch.jit.is_tracing()` is False under torch.export, so the check runs."""

    def __init__(self):
        super().__init__()
        self.config = Config()
        self.embed = torch.nn.Embedding(16, 4)

    def warn_if_padding(self, input_ids):
        if torch.jit.is_tracing():
            return
        if self.config.pad_token_id in input_ids[:, [-1, 0]]:  # expect: EXL101
            warnings.warn("input_ids may be padded: pass an attention_mask")

    def forward(self, input_ids):
        self.warn_if_padding(input_ids)
        return self.embed(input_ids).mean(1)


example_inputs = [
    (torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7]]),),
    (torch.tensor([[3, 4, 5, 6, 7, 8]]),),
    (torch.tensor([[0, 1, 2], [2, 3, 4], [5, 6, 0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
