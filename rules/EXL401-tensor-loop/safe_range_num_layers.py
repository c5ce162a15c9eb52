import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Universal-transformer style refinement: one shared block applied num_layers times."""

    def __init__(self):
        super().__init__()
        self.num_layers = 4
        self.attn = torch.nn.MultiheadAttention(24, 4, batch_first=True)
        self.norm = torch.nn.LayerNorm(24)

    def forward(self, x, key_padding_mask):
        for _ in range(self.num_layers):
            attended, _ = self.attn(x, x, x, key_padding_mask=key_padding_mask, need_weights=False)
            x = self.norm(x + attended)
        return x


torch.manual_seed(0)


def _mask(b, s):
    lengths = torch.arange(b) % s + (s + 1) // 2
    return torch.arange(s)[None, :] >= lengths[:, None]


example_inputs = [
    (torch.randn(3, 6, 24), _mask(3, 6)),
    (torch.randn(2, 9, 24), _mask(2, 9)),
    (torch.randn(5, 4, 24), _mask(5, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
