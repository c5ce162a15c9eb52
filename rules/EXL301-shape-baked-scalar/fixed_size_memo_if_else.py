import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """2-D rotary frequencies memoised per feature-map size (ViT/RoPE-style), looked up with
    an if/else; the dict lookup hashes the dynamic height and width."""

    def __init__(self, dim=8):
        super().__init__()
        self.dim = dim
        self._freq_cache = {}
        self.proj = torch.nn.Conv2d(3, dim, 1)

    def freqs(self, height, width):
        key = (height, width)
        if not torch.compiler.is_exporting() and key in self._freq_cache:  # expect: EXL301
            grid = self._freq_cache[key]
        else:
            ys = torch.arange(height, dtype=torch.float32)[:, None].expand(height, width)
            xs = torch.arange(width, dtype=torch.float32)[None, :].expand(height, width)
            inv = 1.0 / (100.0 ** (torch.arange(0, self.dim, 2, dtype=torch.float32) / self.dim))
            grid = torch.cat([ys[..., None] * inv[: self.dim // 4], xs[..., None] * inv[: self.dim // 4]], -1)
            if not torch.compiler.is_exporting():
                self._freq_cache[key] = grid
        return grid

    def forward(self, x):
        feats = self.proj(x)
        grid = self.freqs(feats.shape[-2], feats.shape[-1]).permute(2, 0, 1)
        return feats * torch.cat([grid.cos(), grid.sin()], 0)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 6, 5),), (torch.randn(1, 3, 9, 7),), (torch.randn(3, 3, 4, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
