import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """detectron2-style ImageList: image sizes go through torch.as_tensor to compute the
    padded size; torch.as_tensor of a tuple of dynamic sizes bakes them as constants."""

    def __init__(self, stride=8):
        super().__init__()
        self.stride = stride
        self.stem = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        size = torch.as_tensor((image.shape[-2], image.shape[-1]))  # expect: EXL301
        padded = (size + (self.stride - 1)) // self.stride * self.stride
        scale = padded.to(image.dtype) / size.to(image.dtype)
        return self.stem(image) * scale.prod()


torch.manual_seed(0)
example_inputs = [(torch.randn(1, 3, 10, 13),), (torch.randn(1, 3, 17, 9),), (torch.randn(1, 3, 8, 24),)]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
