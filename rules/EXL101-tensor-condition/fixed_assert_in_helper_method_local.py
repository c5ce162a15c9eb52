import torch
from torch import nn
from torch.export import Dim


class Keypoints:
    """A keypoints structure whose method checks its own tensor through a local name."""

    def __init__(self, keypoints, scale=1.0):
        self.keypoints = keypoints * scale

    def visible(self):
        kps = self.keypoints
        assert kps.shape[-1] == 3
        torch._check(
            torch.logical_not(torch.isnan(kps).any()).item(), lambda: "NaN keypoints"
        )  # expect: EXL101
        return kps[..., 2] > 0


class Model(nn.Module):
    def forward(self, keypoints):
        vis = Keypoints(keypoints, scale=2.0).visible()
        return keypoints[..., :2] * vis.unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 5, 3),), (torch.rand(4, 7, 3),), (torch.rand(3, 2, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
