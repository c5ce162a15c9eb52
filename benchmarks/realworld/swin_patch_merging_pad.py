# Source: huggingface/transformers src/transformers/models/swin/modeling_swin.py
#   (SwinPatchMerging.maybe_pad / forward): `height, width = input_dimensions` then
#   `if (height % 2 == 1) or (width % 2 == 1): input_feature = nn.functional.pad(...)`,
#   where input_dimensions comes from the caller as `tuple[int, int]`.
# What fails: the parity test is on dynamic sizes passed through an `int` annotation:
#   traced with even sizes, odd sizes fail (guard) and the ONNX model is wrong on them.
import torch
from torch import nn
from torch.export import Dim


class PatchMerging(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.norm = nn.LayerNorm(4 * dim)

    def maybe_pad(self, input_feature: torch.Tensor, height: int, width: int) -> torch.Tensor:
        if (height % 2 == 1) or (width % 2 == 1):  # expect: EXL102
            input_feature = nn.functional.pad(input_feature, (0, 0, 0, width % 2, 0, height % 2))
        return input_feature

    def forward(self, input_feature: torch.Tensor, input_dimensions: tuple[int, int]) -> torch.Tensor:
        height, width = input_dimensions
        batch_size, dim, num_channels = input_feature.shape
        input_feature = input_feature.view(batch_size, height, width, num_channels)
        input_feature = self.maybe_pad(input_feature, height, width)
        f0 = input_feature[:, 0::2, 0::2, :]
        f1 = input_feature[:, 1::2, 0::2, :]
        f2 = input_feature[:, 0::2, 1::2, :]
        f3 = input_feature[:, 1::2, 1::2, :]
        input_feature = torch.cat([f0, f1, f2, f3], -1)
        input_feature = input_feature.view(batch_size, -1, 4 * num_channels)
        return self.reduction(self.norm(input_feature))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.merge = PatchMerging()

    def forward(self, pixel_embeddings):
        batch, channels, height, width = pixel_embeddings.shape
        tokens = pixel_embeddings.flatten(2).transpose(1, 2)
        return self.merge(tokens, (height, width))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 8),),
    (torch.randn(3, 4, 5, 7),),
    (torch.randn(2, 4, 9, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
