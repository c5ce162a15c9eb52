import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Waveform front end with automatic gain control computed through Python math."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(1, 8, kernel_size=5, padding=2)
        self.target_db = -20.0

    def forward(self, wav):
        # wav: (batch, 1, samples)
        rms = torch.sqrt(wav.pow(2).mean())  # expect: EXL201
        gain_db = self.target_db - 20.0 * torch.log10(torch.as_tensor(rms + 1e-8))  # expect: EXL201
        wav = wav * 10.0 ** (gain_db / 20.0)
        return torch.relu(self.conv(wav))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 50) * 0.3,),
    (torch.randn(3, 1, 80),),
    (torch.randn(2, 1, 33) * 0.01,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
