import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multichannel audio laid out (channels, time): dynamic_shapes leaves axis 0 out, so
    `len()` of the waveform is the static channel count."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(1, 4, 5, padding=2)

    def forward(self, waveform):
        num_channels = len(waveform)
        mono = waveform.sum(0, keepdim=True) / num_channels
        return self.conv(mono.unsqueeze(0))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 40),),
    (torch.randn(2, 57),),
    (torch.randn(2, 33),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
