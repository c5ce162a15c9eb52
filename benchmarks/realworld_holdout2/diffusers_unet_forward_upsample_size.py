# Source: huggingface/diffusers src/diffusers/models/unets/unet_2d_condition.py
#   (UNet2DConditionModel.forward, paraphrased): `default_overall_up_factor = 2**self.num_upsamplers`,
#   `forward_upsample_size = False; upsample_size = None`, `for dim in sample.shape[-2:]: if dim %
#   default_overall_up_factor != 0: forward_upsample_size = True; break`, ..., in the up blocks:
#   `if not is_final_block and forward_upsample_size: upsample_size =
#   down_block_res_samples[-1].shape[2:]`, and Upsample2D: `if output_size is None: hidden_states =
#   F.interpolate(hidden_states, scale_factor=2.0, mode="nearest") else: hidden_states =
#   F.interpolate(hidden_states, size=output_size, mode="nearest")`.
# What fails: whether the decoder upsamples to the skip's size or by a factor 2 is chosen by a
#   Python test on the latent size modulo 4; the traced choice breaks (or mis-sizes) latents of
#   the other kind.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, ch=4):
        super().__init__()
        self.num_upsamplers = 2
        self.conv_in = nn.Conv2d(ch, 8, 3, padding=1)
        self.down1 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.down2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.up1 = nn.Conv2d(16, 8, 3, padding=1)
        self.up2 = nn.Conv2d(16, 8, 3, padding=1)
        self.conv_out = nn.Conv2d(8, ch, 3, padding=1)

    @staticmethod
    def _upsample(hidden_states, output_size=None):
        if output_size is None:
            return F.interpolate(hidden_states, scale_factor=2.0, mode="nearest")
        return F.interpolate(hidden_states, size=output_size, mode="nearest")

    def forward(self, sample):
        default_overall_up_factor = 2**self.num_upsamplers
        forward_upsample_size = False
        for dim in sample.shape[-2:]:
            if dim % default_overall_up_factor != 0:  # expect: EXL102
                forward_upsample_size = True
                break
        h0 = self.conv_in(sample)
        h1 = self.down1(h0)
        h2 = self.down2(h1)
        res_samples = [h0, h1]
        skip = res_samples.pop()
        upsample_size = skip.shape[2:] if forward_upsample_size else None
        h = self.up1(torch.cat([h2, h2], dim=1))
        h = self._upsample(h, upsample_size)
        h = self.up2(torch.cat([h, skip], dim=1))
        skip = res_samples.pop()
        upsample_size = skip.shape[2:] if forward_upsample_size else None
        h = self._upsample(h, upsample_size)
        return self.conv_out(h + skip)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 16, 24),), (torch.randn(1, 4, 18, 14),), (torch.randn(3, 4, 13, 20),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
