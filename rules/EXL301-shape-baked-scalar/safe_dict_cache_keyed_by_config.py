import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A frequency table cached per config value (the embedding width), not per input size:
    the key is a plain int, hashing it is fine, and the positions use the dynamic sizes."""

    def __init__(self, dim=8):
        super().__init__()
        self.dim = dim
        self.cache = {}
        self.proj = torch.nn.Conv2d(3, dim, 1)

    def frequencies(self):
        key = self.dim // 2
        if key in self.cache:
            return self.cache[key]
        freqs = torch.arange(1, key + 1, dtype=torch.float32)
        self.cache[key] = freqs
        return freqs

    def forward(self, x):
        feats = self.proj(x)
        freqs = self.frequencies()
        ys = torch.arange(feats.shape[-2], dtype=torch.float32)[:, None].expand(-1, feats.shape[-1])
        xs = torch.arange(feats.shape[-1], dtype=torch.float32)[None, :].expand(feats.shape[-2], -1)
        pos = torch.cat([torch.sin(ys[..., None] * freqs), torch.cos(xs[..., None] * freqs)], -1)
        return feats + pos.permute(2, 0, 1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 6),), (torch.randn(3, 3, 5, 9),), (torch.randn(2, 3, 7, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
