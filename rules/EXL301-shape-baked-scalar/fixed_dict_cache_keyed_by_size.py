import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sine position embedding cached per feature-map size (SAM 2's PositionEmbeddingSine):
    the dict lookup hashes the dynamic height and width, which torch.export cannot do."""

    def __init__(self, dim=8):
        super().__init__()
        self.dim = dim
        self.cache = {}
        self.proj = torch.nn.Conv2d(3, dim, 1)

    def position(self, x):
        cache_key = (x.shape[-2], x.shape[-1])
        if not torch.compiler.is_exporting() and cache_key in self.cache:  # expect: EXL301
            return self.cache[cache_key]
        ys = torch.arange(x.shape[-2], dtype=torch.float32)[:, None].expand(-1, x.shape[-1])
        xs = torch.arange(x.shape[-1], dtype=torch.float32)[None, :].expand(x.shape[-2], -1)
        freqs = torch.arange(1, self.dim // 2 + 1, dtype=torch.float32)
        pos = torch.cat([torch.sin(ys[..., None] * freqs), torch.cos(xs[..., None] * freqs)], -1)
        pos = pos.permute(2, 0, 1)
        if not torch.compiler.is_exporting():
            self.cache[cache_key] = pos
        return pos

    def forward(self, x):
        feats = self.proj(x)
        return feats + self.position(feats)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 6),), (torch.randn(3, 3, 5, 9),), (torch.randn(2, 3, 7, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
