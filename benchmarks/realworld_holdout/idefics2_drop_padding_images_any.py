# Source: huggingface/transformers src/transformers/models/idefics2/modeling_idefics2.py
#   (Idefics2Model.forward, transformers 4.4x; the same code in idefics3 and smolvlm):
#   `nb_values_per_image = pixel_values.shape[1:].numel()`, `real_images_inds = (pixel_values ==
#   0.0).sum(dim=(-1, -2, -3)) != nb_values_per_image`, `if not any(real_images_inds):
#   real_images_inds[0] = True`, `pixel_values = pixel_values[real_images_inds].contiguous()`.
# What fails: the builtin `any()` iterates the tensor in Python and reads each element as a
#   bool: data-dependent (and the loop bakes the number of images).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, 2, stride=2)

    def forward(self, pixel_values):
        batch_size, num_images, num_channels, height, width = pixel_values.shape
        pixel_values = pixel_values.view(batch_size * num_images, *pixel_values.shape[2:])
        nb_values_per_image = pixel_values.shape[1:].numel()
        real_images_inds = (pixel_values == 0.0).sum(dim=(-1, -2, -3)) != nb_values_per_image
        if not any(real_images_inds):  # expect: EXL401
            real_images_inds[0] = True
        pixel_values = pixel_values[real_images_inds].contiguous()
        image_hidden_states = self.patch(pixel_values).flatten(2).mean(-1)
        return image_hidden_states.sum(0)


torch.manual_seed(0)
_a = torch.randn(2, 3, 3, 8, 8)
_a[1, 2] = 0.0
_b = torch.randn(1, 2, 3, 6, 10)
_c = torch.randn(3, 2, 3, 4, 4)
_c[0, 1] = 0.0
_c[2, 0] = 0.0
example_inputs = [(_a,), (_b,), (_c,)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 3: Dim.DYNAMIC, 4: Dim.DYNAMIC},)
