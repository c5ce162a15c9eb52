import functools

import torch
from torch.export import Dim


@functools.lru_cache(maxsize=32)
def patch_centers(num_h: int, num_w: int) -> torch.Tensor:
    ys = (torch.arange(num_h, dtype=torch.float32) + 0.5) / num_h
    xs = (torch.arange(num_w, dtype=torch.float32) + 0.5) / num_w
    return torch.stack(torch.meshgrid(ys, xs, indexing="ij"), dim=-1).flatten(0, 1)


class Model(torch.nn.Module):
    """Rotary patch coordinates memoised with functools.lru_cache (DINOv3's first release):
    the cache hashes the patch counts, and a dynamic size cannot be hashed while exporting."""

    def __init__(self, patch=4, dim=8):
        super().__init__()
        self.patch = patch
        self.embed = torch.nn.Conv2d(3, dim, patch, patch)
        self.freq = torch.nn.Linear(2, dim)

    def forward(self, pixel_values):
        h = pixel_values.shape[-2] // self.patch
        w = pixel_values.shape[-1] // self.patch
        coords = patch_centers(h, w)  # expect: EXL301
        tokens = self.embed(pixel_values).flatten(2).transpose(1, 2)
        return tokens + torch.sin(self.freq(coords))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 12),), (torch.randn(3, 3, 8, 20),), (torch.randn(2, 3, 12, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
