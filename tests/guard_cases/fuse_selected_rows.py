"""Work on the rows a mask selects, skipped when none is (`if len(idx) > 0:`,
`if keep.numel():`, `if rows.size(0) != 0:`): an index_put / index_add / masked write of
no rows changes nothing, so the fix runs the body always (torch.cond of the data-dependent
selection fails to translate to ONNX)."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.proj = nn.Linear(6, 6)

    def forward(self, x, mask, feats):
        idx = torch.nonzero(mask).squeeze(1)
        # fuse a refined map into the selected images
        if len(idx) > 0:
            y = F.interpolate(self.conv(x[idx]), size=(x.shape[2], x.shape[3]), mode="nearest")
            x = x.index_put((idx,), y + x[idx])
        keep = torch.nonzero(feats.sum(-1) > 0).squeeze(1)
        out = feats.clone()
        if keep.numel():
            out[keep] = self.proj(feats[keep])
        rows = torch.nonzero(mask).flatten()
        if rows.size(0) != 0:  # add a bias to the selected rows
            out = out.index_add(0, rows, torch.ones_like(out[rows]))
        return x, out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 4, 8, 6), torch.tensor([True, False, True]), torch.randn(3, 6)),
    (torch.randn(4, 4, 5, 7), torch.tensor([False, True, True, False]), torch.randn(4, 6)),
    (torch.randn(2, 4, 6, 6), torch.tensor([False, False]), -torch.ones(2, 6)),
]
dynamic_shapes = (
    {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},
    {0: Dim.DYNAMIC},
    {0: Dim.DYNAMIC},
)
