import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Bag-of-embeddings encoder with sqrt-length pooling (fairseq/StarSpace style).

    math.sqrt() needs a concrete number, so export specializes the dynamic length.
    """

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(20, 12)
        self.out = torch.nn.Linear(12, 3)

    def forward(self, input_ids):
        h = self.embed(input_ids)  # (batch, seq, 12)
        seq_len = input_ids.size(1)
        pooled = h.sum(dim=1) / seq_len ** 0.5  # expect: EXL302
        return self.out(pooled)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (3, 5)),),
    (torch.randint(0, 20, (3, 9)),),
    (torch.randint(0, 20, (3, 2)),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
