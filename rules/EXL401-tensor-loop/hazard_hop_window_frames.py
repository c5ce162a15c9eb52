import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frames of a waveform cut with a hop, each normalised by its own energy and embedded,
    then stacked (short-time processing written as a Python loop over frame offsets)."""

    def __init__(self, window=4, hop=2, dim=3):
        super().__init__()
        self.window, self.hop = window, hop
        self.embed = torch.nn.Linear(window, dim)

    def forward(self, wave):
        embedded = []
        gains = []
        for start in range(0, wave.shape[-1] - self.window + 1, self.hop):  # expect: EXL401
            frame = wave[..., start : start + self.window]
            gain = frame.pow(2).mean(-1, keepdim=True).add(1e-5).rsqrt()
            embedded.append(self.embed(frame * gain))
            gains.append(gain)
        return torch.stack(embedded, dim=1), torch.cat(gains, dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10),), (torch.randn(3, 15),), (torch.randn(1, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
