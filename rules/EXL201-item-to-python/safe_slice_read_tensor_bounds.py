import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Look-alikes of a slice written with tensor bounds: reading a slice with a 0-d tensor
    bound and resizing to sizes held in a tensor both export and match eager (measured)."""

    def forward(self, image, spec):
        crop = image[:, :, : spec[0]]
        resized = F.interpolate(crop, size=(spec[1], spec[2]), mode="nearest")
        return resized.mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 8), torch.tensor([6, 4, 5])),
    (torch.randn(3, 3, 12, 9), torch.tensor([7, 3, 6])),
    (torch.randn(2, 3, 9, 11), torch.tensor([5, 6, 2])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, None)
