import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Tapers each frame with a Hann window as long as the frame.

    hann_window takes its length as a Python int: export fixes the frame length.
    """

    def forward(self, frames):
        taper = 0.5 - 0.5 * torch.cos(2 * torch.pi * torch.arange(frames.shape[-1], dtype=torch.get_default_dtype()) / (frames.shape[-1] - 1))  # expect: EXL304
        return (frames * taper).sum(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16),),
    (torch.randn(3, 3, 25),),
    (torch.randn(2, 3, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
