import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A decoder that keeps the last `block_size` tokens of a growing context before each step
    (nanoGPT / minGPT `generate`): the test only skips a crop that changes nothing."""

    def __init__(self, vocab=32, dim=8, block_size=6):
        super().__init__()
        self.block_size = block_size
        self.wte = torch.nn.Embedding(vocab, dim)
        self.wpe = torch.nn.Embedding(block_size, dim)
        self.head = torch.nn.Linear(dim, vocab)

    def forward(self, idx):
        idx_cond = idx if idx.size(1) <= self.block_size else idx[:, -self.block_size :]  # expect: EXL102
        pos = torch.arange(idx_cond.shape[1], device=idx.device)
        h = self.wte(idx_cond) + self.wpe(pos)
        return self.head(h[:, -1, :])


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 4)),),
    (torch.randint(0, 32, (3, 9)),),
    (torch.randint(0, 32, (2, 6)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("seq", min=2, max=64)},)
