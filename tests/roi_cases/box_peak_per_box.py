"""Mask-head post-processing in the style of detection libraries: each box's mask logits are
resized to the box's size in pixels (read from float box coordinates with `int(...item())`),
then the peak's row and column come from its flat index (`% w`, `// w`). A per-box loop over
a dynamic number of boxes."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def forward(self, masks, boxes):
        sizes = (boxes[:, 2:] - boxes[:, :2]).clamp(min=1).ceil()
        peaks = torch.zeros((len(boxes), 2), dtype=torch.float32)
        for b in range(len(boxes)):
            h = int(sizes[b, 1].item())
            w = int(sizes[b, 0].item())
            resized = F.interpolate(masks[b][None, None], size=(h, w), mode="bilinear")[0, 0]
            width = resized.shape[1]
            flat = resized.reshape(-1).argmax()
            col = flat % width
            row = torch.div(flat - col, width, rounding_mode="floor")
            peaks[b, 0] = boxes[b, 0] + col.float() / w * sizes[b, 0]
            peaks[b, 1] = boxes[b, 1] + row.float() / h * sizes[b, 1]
        return peaks


def _boxes(n: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 20
    wh = 3 + torch.rand(n, 2, generator=g) * 12
    return torch.cat([xy, xy + wh], dim=1)


example_inputs = [
    (torch.randn(3, 6, 6), _boxes(3, 0)),
    (torch.randn(5, 6, 6), _boxes(5, 1)),
    (torch.randn(2, 6, 6), _boxes(2, 2)),
]
boxes_count = Dim("boxes")
dynamic_shapes = ({0: boxes_count}, {0: boxes_count})
