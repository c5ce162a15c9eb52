# Source: uoguelph-mlrg/Cutout util/cutout.py (Cutout.__call__): `mask = np.ones((h, w), np.float32)`,
#   `mask[y1: y2, x1: x2] = 0.`, `mask = torch.from_numpy(mask)`, `img = img * mask`; written in
#   torch on a copy: `img = img.clone()`, `img[:, :, y1:y2, x1:x2] = 0.0`.
# Look-alike: the write goes into a clone, not into the input nor through `.data`: exports and
#   matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, img):
        img = img.clone()
        img[:, :, 1:3, 1:3] = 0.0
        return self.conv(img) + img.detach().sum()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 9, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
