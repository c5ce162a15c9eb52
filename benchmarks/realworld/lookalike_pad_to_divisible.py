# Source: facebookresearch/detectron2 detectron2/structures/image_list.py (ImageList.from_tensors)
#   as the exportable single-image path is usually written: the padding to a multiple of
#   `size_divisibility` computed with integer arithmetic on the sizes (no torch.as_tensor,
#   no tensor pad amounts).
# Look-alike of detectron2_imagelist_pad.py: exports and matches eager.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def pad_to_divisible(image, size_divisibility, pad_value=0.0):
    height, width = image.shape[-2], image.shape[-1]
    pad_h = (size_divisibility - height % size_divisibility) % size_divisibility
    pad_w = (size_divisibility - width % size_divisibility) % size_divisibility
    return F.pad(image, (0, pad_w, 0, pad_h), value=pad_value).unsqueeze(0)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        return self.stem(pad_to_divisible(image, 8))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 10, 13),),
    (torch.randn(3, 17, 9),),
    (torch.randn(3, 8, 24),),
]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
