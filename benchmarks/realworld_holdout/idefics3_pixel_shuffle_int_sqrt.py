# Source: huggingface/transformers src/transformers/models/idefics3/modeling_idefics3.py
#   (Idefics3Connector.pixel_shuffle, also SmolVLM's connector, transformers 4.4x-4.5x):
#   `bsz, seq, embed_dim = x.size()`, `height = width = int(seq**0.5)`, `x = x.view(bsz, height,
#   int(width / scale_factor), embed_dim * scale_factor)`, ..., `x = x.reshape(bsz, int(seq /
#   (scale_factor**2)), embed_dim * (scale_factor**2))`.
# What fails: `int()` of float arithmetic on the dynamic number of patches bakes it.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=4, scale_factor=2, text_dim=8):
        super().__init__()
        self.scale_factor = scale_factor
        self.proj = nn.Linear(dim * scale_factor**2, text_dim, bias=False)

    def pixel_shuffle(self, x, scale_factor=2):
        bsz, seq, embed_dim = x.size()
        height = width = int(seq**0.5)  # expect: EXL301
        x = x.view(bsz, height, width, embed_dim)
        x = x.view(bsz, height, int(width / scale_factor), embed_dim * scale_factor)  # expect: EXL301
        x = x.permute(0, 2, 1, 3)
        x = x.reshape(bsz, int(width / scale_factor), int(height / scale_factor), embed_dim * (scale_factor**2))  # expect: EXL301
        x = x.permute(0, 2, 1, 3)
        x = x.reshape(bsz, int(seq / (scale_factor**2)), embed_dim * (scale_factor**2))  # expect: EXL301
        return x

    def forward(self, image_hidden_states):
        image_hidden_states = self.pixel_shuffle(image_hidden_states, self.scale_factor)
        return self.proj(image_hidden_states)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 16, 4),), (torch.randn(1, 36, 4),), (torch.randn(3, 64, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
