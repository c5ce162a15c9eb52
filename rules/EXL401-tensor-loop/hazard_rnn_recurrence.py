import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Elman RNN cell unrolled by hand over the time axis (batch_first)."""

    def __init__(self):
        super().__init__()
        self.hidden_size = 20
        self.ih = torch.nn.Linear(10, 20)
        self.hh = torch.nn.Linear(20, 20, bias=False)
        self.readout = torch.nn.Linear(20, 3)

    def forward(self, x):
        h = x.new_zeros(x.size(0), self.hidden_size)
        states = []
        for t in range(x.size(1)):  # expect: EXL401
            h = torch.tanh(self.ih(x[:, t]) + self.hh(h))
            states.append(h)
        seq = torch.stack(states, dim=1)
        return self.readout(seq), h


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 7, 10),), (torch.randn(3, 4, 10),), (torch.randn(4, 12, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
