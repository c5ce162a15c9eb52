import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Average a waveform over whole hops and keep the leftover tail's mean apart.

    divmod() on a dynamic size: torch's symbolic ints do not implement it, export fails.
    """

    def __init__(self):
        super().__init__()
        self.hop = 4

    def forward(self, wave):
        # wave: (batch, samples)
        hops, rest = (wave.shape[1] // self.hop, wave.shape[1] % self.hop)  # expect: EXL302
        body = wave[:, : hops * self.hop].reshape(wave.shape[0], hops, self.hop).mean(-1)
        tail = wave[:, hops * self.hop :].sum(-1, keepdim=True) / (rest + 1)
        return torch.cat([body, tail], dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 18),),
    (torch.randn(3, 31),),
    (torch.randn(2, 14),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
