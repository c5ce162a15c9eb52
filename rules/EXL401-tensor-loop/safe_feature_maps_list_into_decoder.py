import torch
import torch.nn.functional as F
from torch.export import Dim


class Decoder(torch.nn.Module):
    """A segmentation decoder that takes the encoder's feature maps as a Python list: the loops
    run once per pyramid level (a fixed count), not once per row of a tensor."""

    def __init__(self, channels=(4, 6, 8), width=4):
        super().__init__()
        self.lateral = torch.nn.ModuleList([torch.nn.Conv2d(c, width, 1) for c in channels])

    def forward(self, feats):
        size = feats[0].shape[-2:]
        outs = []
        for conv, feat in zip(self.lateral, feats):
            outs.append(F.interpolate(conv(feat), size=size, mode="bilinear", align_corners=False))
        levels = list(feats)
        return torch.stack(outs).sum(0) + levels[0].mean(1, keepdim=True)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.down1 = torch.nn.Conv2d(4, 6, 3, stride=2, padding=1)
        self.down2 = torch.nn.Conv2d(6, 8, 3, stride=2, padding=1)
        self.decoder = Decoder()

    def forward(self, images):
        c1 = self.stem(images)
        c2 = self.down1(c1)
        c3 = self.down2(c2)
        return self.decoder([c1, c2, c3])


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 12),),
    (torch.randn(3, 3, 12, 20),),
    (torch.randn(2, 3, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
