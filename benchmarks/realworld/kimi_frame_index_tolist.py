# Source: huggingface/transformers src/transformers/models/kimi_k25/modeling_kimi_k25.py
#   (the per-patch temporal index helper): `for t, h, w in grid_thw.tolist():`,
#   `t, h, w = int(t), int(h), int(w)`, `frames = torch.arange(t) + int(t > 1)`,
#   `parts.append(frames.repeat_interleave(h * w))`, `torch.cat(parts)`.
# What fails: `.tolist()` of the image grid: export cannot trace it (data-dependent sizes,
#   and the number of images is baked).
import torch
from torch import nn
from torch.export import Dim


def frame_index(grid_thw):
    parts = []
    for t, h, w in grid_thw.tolist():  # expect: EXL202
        t, h, w = int(t), int(h), int(w)
        frames = torch.arange(t) + int(t > 1)
        parts.append(frames.repeat_interleave(h * w))
    return torch.cat(parts)


class Model(nn.Module):
    def __init__(self, dim=8, frames=4):
        super().__init__()
        self.time_embed = nn.Embedding(frames + 1, dim)
        self.patch = nn.Linear(12, dim)

    def forward(self, patches, grid_thw):
        return self.patch(patches) + self.time_embed(frame_index(grid_thw))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2 * 2 * 3 + 4 * 2, 12), torch.tensor([[2, 2, 3], [1, 4, 2]])),
    (torch.randn(3 * 3 + 2 * 2 + 2 * 4, 12), torch.tensor([[1, 3, 3], [1, 2, 2], [2, 2, 2]])),
    (torch.randn(3 * 4 * 5, 12), torch.tensor([[3, 4, 5]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
