import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Log-spaced relative position buckets: the bucket count comes from the configured
    maximum distance, not from the input's length."""

    def __init__(self, dim=4, max_distance=128):
        super().__init__()
        self.num_buckets = math.ceil(math.log(max_distance, 2)) + 1
        self.bucket_embed = torch.nn.Embedding(self.num_buckets, dim)

    def forward(self, tokens):
        levels = int(math.log2(self.bucket_embed.num_embeddings))
        return tokens + self.bucket_embed.weight[:levels].sum(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 17, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
