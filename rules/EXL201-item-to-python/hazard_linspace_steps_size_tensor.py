import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Normalised coordinate grid: the image size goes through a tensor (`torch.tensor(
    x.shape[-2:])`) and one element comes back as linspace's number of steps, a Python int
    that export must read out of the tensor's data."""

    def forward(self, image):
        size = torch.tensor(image.shape[-2:])
        xs = torch.linspace(-1.0, 1.0, size[1])  # expect: EXL201
        return image + xs


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 5, 7),), (torch.randn(3, 3, 5, 9),), (torch.randn(2, 3, 5, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
