# Source: huggingface/transformers src/transformers/models/mask2former/modeling_mask2former.py
#   (Mask2FormerPixelDecoderEncoderOnly.get_reference_points): `for lvl, (height, width) in
#   enumerate(spatial_shapes_list): ref_y, ref_x = torch.meshgrid(torch.linspace(0.5, height -
#   0.5, height, ...), torch.linspace(0.5, width - 0.5, width, ...), indexing="ij"); ref_y =
#   ref_y.reshape(-1)[None] / (valid_ratios[:, None, lvl, 1] * height); ...`, with
#   `spatial_shapes_list` the Python sizes of the feature maps.
# What fails: `torch.linspace(..., steps=height)` with a dynamic size as the number of steps:
#   export specialises the size (ep.module() then rejects other image sizes: "Guard failed:
#   1 + (-1 + pixel_values.size()[2]) // 2 == 8").
import torch
from torch import nn
from torch.export import Dim


def get_reference_points(spatial_shapes_list, valid_ratios):
    reference_points_list = []
    for lvl, (height, width) in enumerate(spatial_shapes_list):
        ref_y, ref_x = torch.meshgrid(
            torch.linspace(0.5, height - 0.5, height, dtype=valid_ratios.dtype),  # expect: EXL301
            torch.linspace(0.5, width - 0.5, width, dtype=valid_ratios.dtype),  # expect: EXL301
            indexing="ij",
        )
        ref_y = ref_y.reshape(-1)[None] / (valid_ratios[:, None, lvl, 1] * height)
        ref_x = ref_x.reshape(-1)[None] / (valid_ratios[:, None, lvl, 0] * width)
        reference_points_list.append(torch.stack((ref_x, ref_y), -1))
    reference_points = torch.cat(reference_points_list, 1)
    return reference_points[:, :, None] * valid_ratios[:, None]


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.level0 = nn.Conv2d(3, channels, 3, stride=2, padding=1)
        self.level1 = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, pixel_values, valid_ratios):
        f0 = self.level0(pixel_values)
        f1 = self.level1(f0)
        spatial_shapes_list = [f.shape[-2:] for f in (f0, f1)]
        return get_reference_points(spatial_shapes_list, valid_ratios)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 12), torch.rand(2, 2, 2) * 0.5 + 0.5),
    (torch.randn(1, 3, 10, 20), torch.rand(1, 2, 2) * 0.5 + 0.5),
    (torch.randn(3, 3, 8, 8), torch.rand(3, 2, 2) * 0.5 + 0.5),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
