# Source: huggingface/diffusers src/diffusers/schedulers/scheduling_ddpm.py
#   (DDPMScheduler._threshold_sample, called by step() when `thresholding=True`, paraphrased):
#   `dtype = sample.dtype`, `batch_size, channels, *remaining_dims = sample.shape`, `if dtype not
#   in (torch.float32, torch.float64): sample = sample.float()`, `sample =
#   sample.reshape(batch_size, channels * np.prod(remaining_dims))`, `abs_sample = sample.abs()`,
#   `s = torch.quantile(abs_sample, self.config.dynamic_thresholding_ratio, dim=1)`, `s =
#   torch.clamp(s, min=1, max=self.config.sample_max_value)`, `s = s.unsqueeze(1)`, `sample =
#   torch.clamp(sample, -s, s) / s`, `sample = sample.reshape(batch_size, channels,
#   *remaining_dims)`, `sample = sample.to(dtype)`.
# What fails: torch.onnx cannot convert `torch.clamp(s, min=1, max=1.5)`, an int lower bound
#   with a float upper bound ("ConversionError: Cannot find a compatible OpOverload for
#   aten.clamp with the provided arguments"); diffusers' defaults are `min=1` and
#   `sample_max_value=1.0`, the same mix. Measured line by line on a fixed copy: `min=1.0` alone
#   makes the model export, convert and match; `np.prod(remaining_dims)` of the dynamic sizes,
#   `torch.quantile` and `torch.clamp(sample, -s, s)` with tensor bounds are fine.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dynamic_thresholding_ratio=0.9, sample_max_value=1.5):
        super().__init__()
        self.unet = nn.Conv2d(4, 4, 3, padding=1)
        self.dynamic_thresholding_ratio = dynamic_thresholding_ratio
        self.sample_max_value = sample_max_value

    def _threshold_sample(self, sample):
        dtype = sample.dtype
        batch_size, channels, *remaining_dims = sample.shape
        if dtype not in (torch.float32, torch.float64):
            sample = sample.float()
        sample = sample.reshape(batch_size, channels * np.prod(remaining_dims))
        abs_sample = sample.abs()
        s = torch.quantile(abs_sample, self.dynamic_thresholding_ratio, dim=1)
        s = torch.clamp(s, min=1, max=self.sample_max_value)  # expect: NONE-onnx-clamp-int-and-float-bounds
        s = s.unsqueeze(1)
        sample = torch.clamp(sample, -s, s) / s
        sample = sample.reshape(batch_size, channels, *remaining_dims)
        return sample.to(dtype)

    def forward(self, sample):
        pred_original_sample = self.unet(sample) * 3
        return self._threshold_sample(pred_original_sample)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(1, 4, 12, 10),), (torch.randn(3, 4, 6, 14),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
