import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token classifier validating its ids with torch._check, not `assert (ids < n).all()`."""

    def __init__(self):
        super().__init__()
        self.vocab = 50
        self.emb = torch.nn.Embedding(self.vocab, 8)
        self.cls = torch.nn.Linear(8, 3)

    def forward(self, ids):
        torch._check(ids.min().item() >= 0)
        torch._check(ids.max().item() < self.vocab)
        h = self.emb(ids).mean(dim=1)
        return self.cls(h).softmax(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 50, (2, 7)),),
    (torch.randint(0, 50, (5, 3)),),
    (torch.randint(0, 50, (3, 12)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
