import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Noise-injection layer (StyleGAN-like) that draws its per-channel noise with NumPy."""

    def __init__(self):
        super().__init__()
        self.channels = 8
        self.noise_strength = torch.nn.Parameter(torch.full((8,), 0.1))
        self.conv = torch.nn.Conv1d(8, 8, kernel_size=3, padding=1)

    def forward(self, x):
        noise = torch.from_numpy(np.random.rand(self.channels).astype(np.float32))  # expect: EXL502
        h = self.conv(x)
        return h + (self.noise_strength * noise).view(1, -1, 1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 10),), (torch.randn(4, 8, 5),), (torch.randn(3, 8, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
