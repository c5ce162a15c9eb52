import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Audio front end that standardises log-energies with numpy in a helper.

    np.asarray(t) converts the traced tensor to a host array; export fails.
    """

    def __init__(self):
        super().__init__()
        self.frame = 8
        self.proj = torch.nn.Linear(1, 4)

    def _standardise(self, energy):
        arr = torch.as_tensor(energy)  # expect: EXL202
        return torch.as_tensor((arr - arr.mean()) / (arr.std(correction=0) + 1e-5))

    def forward(self, wav):
        # wav: (samples,), samples a multiple of 8
        frames = wav.reshape(-1, self.frame)
        energy = torch.log(frames.pow(2).mean(dim=1) + 1e-6)
        return self.proj(self._standardise(energy).unsqueeze(-1))


torch.manual_seed(0)
example_inputs = [(torch.randn(48),), (torch.randn(96),), (torch.randn(24),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
