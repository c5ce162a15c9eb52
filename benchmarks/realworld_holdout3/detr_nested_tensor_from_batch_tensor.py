# Source: facebookresearch/detr util/misc.py (nested_tensor_from_tensor_list and _max_by_axis,
#   paraphrased) called from models/detr.py DETR.forward: `if isinstance(samples, (list,
#   torch.Tensor)): samples = nested_tensor_from_tensor_list(samples)`; and
#   `max_size = _max_by_axis([list(img.shape) for img in tensor_list])`, `batch_shape =
#   [len(tensor_list)] + max_size`, `b, c, h, w = batch_shape`, `tensor = torch.zeros(batch_shape,
#   dtype=dtype, device=device)`, `mask = torch.ones((b, h, w), dtype=torch.bool, device=device)`,
#   `for img, pad_img, m in zip(tensor_list, tensor, mask): pad_img[: img.shape[0], :
#   img.shape[1], : img.shape[2]].copy_(img); m[: img.shape[1], :img.shape[2]] = False`;
#   `_max_by_axis`: `maxes = the_list[0]; for sublist in the_list[1:]: for index, item in
#   enumerate(sublist): maxes[index] = max(maxes[index], item)`.
# What fails: DETR accepts a batched image tensor and pads it "per image": the list
#   comprehension, `len()` and the `zip()` loop walk the rows of the batch tensor, a Python loop
#   over the dynamic batch size, unrolled (and the batch size pinned) at the traced value.
import torch
from torch import nn
from torch.export import Dim


def _max_by_axis(the_list):
    maxes = the_list[0]
    for sublist in the_list[1:]:
        for index, item in enumerate(sublist):
            maxes[index] = max(maxes[index], item)
    return maxes


def nested_tensor_from_tensor_list(tensor_list):
    max_size = _max_by_axis([list(img.shape) for img in tensor_list])  # expect: EXL401
    batch_shape = [len(tensor_list)] + max_size  # expect: EXL303
    b, c, h, w = batch_shape
    tensor = torch.zeros(batch_shape, dtype=tensor_list[0].dtype)
    mask = torch.ones((b, h, w), dtype=torch.bool)
    for img, pad_img, m in zip(tensor_list, tensor, mask):  # expect: EXL401
        pad_img[: img.shape[0], : img.shape[1], : img.shape[2]].copy_(img)
        m[: img.shape[1], : img.shape[2]] = False
    return tensor, mask


class Model(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.backbone = nn.Conv2d(3, hidden, 3, stride=2, padding=1)

    def forward(self, samples):
        tensor, mask = nested_tensor_from_tensor_list(samples)
        features = self.backbone(tensor)
        m = nn.functional.interpolate(mask[None].float(), size=features.shape[-2:]).to(torch.bool)[0]
        return features.masked_fill(m.unsqueeze(1), 0.0)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 24),), (torch.randn(3, 3, 20, 28),), (torch.randn(4, 3, 16, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
