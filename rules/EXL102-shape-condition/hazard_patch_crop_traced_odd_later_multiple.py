import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Patchify after cropping the width to a multiple of the patch size (`W // p * p`).
    Traced at a width of 30, not a multiple of 8: export guards on that, and the program
    refuses widths that are multiples of 8, such as the 32 of the second input set."""

    patch = 8

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(self.patch, 4)

    def forward(self, image):
        width = image.shape[-1]
        image = image[..., : width // self.patch * self.patch]  # expect: EXL102
        patches = image.unflatten(-1, (-1, self.patch))
        return self.embed(patches).mean(-2)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 30),), (torch.randn(2, 3, 32),), (torch.randn(1, 3, 21),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
