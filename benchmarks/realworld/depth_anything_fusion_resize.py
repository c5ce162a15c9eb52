# Source: huggingface/transformers src/transformers/models/depth_anything/modeling_depth_anything.py
#   (DepthAnythingFeatureFusionLayer.forward): `if hidden_state.shape != residual.shape:
#   residual = nn.functional.interpolate(residual, size=hidden_state.shape[2:], ...)`.
# What fails: the shapes are compared in Python; traced with equal shapes, export keeps the
#   no-resize branch and assumes the sizes equal: other image sizes fail or are wrong.
import torch
from torch import nn
from torch.export import Dim


class FusionLayer(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.projection = nn.Conv2d(channels, channels, 1)
        self.residual = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, hidden_state, residual=None):
        if residual is not None:
            if hidden_state.shape != residual.shape:  # expect: EXL102
                residual = nn.functional.interpolate(
                    residual, size=hidden_state.shape[2:], mode="bilinear", align_corners=False
                )
            hidden_state = hidden_state + self.residual(residual)
        hidden_state = nn.functional.interpolate(
            hidden_state, scale_factor=2, mode="bilinear", align_corners=True
        )
        return self.projection(hidden_state)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fusion = FusionLayer()

    def forward(self, coarse, fine):
        return self.fusion(coarse, fine)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 6), torch.randn(2, 4, 6, 6)),
    (torch.randn(2, 4, 5, 7), torch.randn(2, 4, 9, 13)),
    (torch.randn(2, 4, 8, 8), torch.randn(2, 4, 15, 15)),
]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {2: Dim.DYNAMIC, 3: Dim.DYNAMIC})
