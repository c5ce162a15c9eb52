import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """ALiBi bias cached on the module and rebuilt, with its length, when the sequence is
    longer (Baichuan/MPT-style, the bias as a plain attribute)."""

    def __init__(self, n_head=2, max_cache_pos=6):
        super().__init__()
        self.n_head = n_head
        self.max_cache_pos = max_cache_pos
        self.register_buffer("slopes", 2.0 ** -torch.arange(1, n_head + 1, dtype=torch.float32))
        self.cached_bias = self._make(max_cache_pos)

    def _make(self, n):
        pos = torch.arange(n, dtype=torch.float32)
        return self.slopes[:, None, None] * (pos[None, :] - pos[:, None]).abs()[None]

    def forward(self, scores):
        n = scores.shape[-1]
        if n > self.max_cache_pos:  # expect: EXL102
            self.max_cache_pos = n
            self.cached_bias = self._make(n)
        return (scores - self.cached_bias[:, :n, :n]).softmax(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 2, 5, 5),), (torch.randn(1, 2, 9, 9),), (torch.randn(2, 2, 4, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("n"), 3: Dim("n")},)
