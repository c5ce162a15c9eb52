# Source: facebookresearch/detectron2 detectron2/structures/image_list.py
#   (ImageList.from_tensors, read through the code search in copies of it):
#   `image_sizes_tensor = [shapes_to_tensor(x) for x in image_sizes]` (torch.as_tensor of the
#   sizes), `max_size = (max_size + (stride - 1)).div(stride, rounding_mode="floor") * stride`,
#   then `F.pad(tensors[0], [0, max_size[-1] - image_size[1], ...], value=pad_value)`.
# What fails: the sizes go through a tensor and come back as pad amounts: export cannot
#   read them back (data-dependent) or bakes them.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def from_tensors(tensors, size_divisibility=0, pad_value=0.0):
    image_sizes = [(im.shape[-2], im.shape[-1]) for im in tensors]
    image_sizes_tensor = [torch.as_tensor(x) for x in image_sizes]  # expect: EXL301
    max_size = torch.stack(image_sizes_tensor).max(0).values
    if size_divisibility > 1:
        stride = size_divisibility
        max_size = (max_size + (stride - 1)).div(stride, rounding_mode="floor") * stride
    image_size = image_sizes[0]
    padding_size = [0, max_size[-1] - image_size[1], 0, max_size[-2] - image_size[0]]
    return F.pad(tensors[0], padding_size, value=pad_value).unsqueeze_(0)  # expect: NONE-size-roundtrip


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        batched = from_tensors([image], size_divisibility=8)
        return self.stem(batched)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 10, 13),),
    (torch.randn(3, 17, 9),),
    (torch.randn(3, 8, 24),),
]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
