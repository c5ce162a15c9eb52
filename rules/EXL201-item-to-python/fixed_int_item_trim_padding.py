import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Text encoder that first trims the batch to its longest real sequence (as collators do)."""

    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(40, 16, padding_idx=0)
        self.ff = torch.nn.Linear(16, 16)

    def forward(self, tokens, lengths):
        # tokens: (batch, padded_len) int64, lengths: (batch,) int64
        max_len = torch.sym_int(lengths.max().item())  # expect: EXL201
        tokens = tokens[:, :max_len]
        pos = torch.arange(tokens.shape[1])
        mask = (pos[None, :] < lengths[:, None]).float()
        h = torch.tanh(self.ff(self.emb(tokens)))
        return (h * mask[..., None]).sum(dim=1) / lengths[:, None].float()


torch.manual_seed(0)
example_inputs = [
    (torch.randint(1, 40, (3, 10)), torch.tensor([6, 4, 7])),
    (torch.randint(1, 40, (2, 12)), torch.tensor([12, 3])),
    (torch.randint(1, 40, (4, 8)), torch.tensor([2, 5, 1, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
