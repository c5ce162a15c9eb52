import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The last `block_size` tokens taken with a gather over a clamped range: no test on the
    length, exports for every length (the fix of hazard_context_window_crop.py, by hand)."""

    def __init__(self, vocab=32, dim=8, block_size=6):
        super().__init__()
        self.block_size = block_size
        self.wte = torch.nn.Embedding(vocab, dim)
        self.head = torch.nn.Linear(dim, vocab)

    def forward(self, idx):
        keep = torch.sym_min(idx.size(1), self.block_size)
        positions = torch.arange(idx.size(1) - keep, idx.size(1), device=idx.device)
        h = self.wte(idx.index_select(1, positions))
        return self.head(h.mean(dim=1))


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 4)),),
    (torch.randint(0, 32, (3, 9)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("seq", min=2, max=64)},)
