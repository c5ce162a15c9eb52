# Source: huggingface/transformers src/transformers/models/fastspeech2_conformer/modeling_fastspeech2_conformer.py
#   (length_regulator): `if duration_labels.sum() == 0: duration_labels[...] = 1`,
#   `max_len = torch.sum(duration_labels, dim=1).max()`, and a loop
#   `for i, (encoded_embedding, target_duration) in enumerate(zip(encoded_embeddings, duration_labels))`
#   with `torch.repeat_interleave` per item.
# What fails: the `if` on a tensor sum (GuardOnDataDependentSymNode), the in-place write into
#   an input, and a loop over the batch of tensors.
import torch
from torch import nn
from torch.export import Dim


def length_regulator(encoded_embeddings, duration_labels):
    if duration_labels.sum() == 0:  # expect: EXL101
        duration_labels[duration_labels.sum(dim=1).eq(0)] = 1  # expect: EXL501
    max_len = torch.sum(duration_labels, dim=1).max()
    hidden_states = torch.zeros(
        (encoded_embeddings.size(0), max_len, encoded_embeddings.size(2)), dtype=torch.float
    )
    for i, (embedding, duration) in enumerate(zip(encoded_embeddings, duration_labels)):  # expect: EXL401
        repeated = torch.repeat_interleave(embedding, duration, dim=0)
        hidden_states[i, : repeated.size(0)] = repeated
    return hidden_states


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(8, 8)

    def forward(self, tokens, durations):
        return length_regulator(self.encoder(tokens), durations)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 8), torch.tensor([[1, 2, 0, 1], [2, 2, 1, 1]])),
    (torch.randn(3, 5, 8), torch.tensor([[1, 1, 1, 1, 1], [0, 3, 1, 0, 2], [2, 0, 0, 1, 1]])),
    (torch.randn(1, 3, 8), torch.tensor([[3, 1, 2]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
