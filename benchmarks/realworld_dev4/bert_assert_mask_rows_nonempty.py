# Source: huggingface/transformers issues on torch.export "Could not guard on data-dependent
#   expression" from value checks in forward; the shape is the pooling sanity check of
#   sentence-transformers' Pooling and many encoders: `assert (attention_mask.sum(dim=1) > 0).all(),
#   "every sequence needs at least one token"`, then `sum_embeddings / sum_mask`.
# What fails: `assert` on a tensor takes its truth value: a data-dependent bool torch.export cannot
#   guard on.
import torch
from torch import nn
from torch.export import Dim


class MeanPooling(nn.Module):
    def forward(self, token_embeddings, attention_mask):
        assert (attention_mask.sum(dim=1) > 0).all(), "every sequence needs at least one token"  # expect: EXL101
        input_mask_expanded = attention_mask.unsqueeze(-1).expand(token_embeddings.size()).float()
        sum_embeddings = torch.sum(token_embeddings * input_mask_expanded, 1)
        sum_mask = torch.clamp(input_mask_expanded.sum(1), min=1e-9)
        return sum_embeddings / sum_mask


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(4, 4)
        self.pooling = MeanPooling()

    def forward(self, x, attention_mask):
        return self.pooling(self.encoder(x), attention_mask)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4), torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])),
    (torch.randn(1, 7, 4), torch.ones(1, 7, dtype=torch.long)),
    (torch.randn(3, 4, 4), torch.tensor([[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 1]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
