import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Expand encoder states once per beam before beam-search decoding."""

    def __init__(self):
        super().__init__()
        self.bridge = torch.nn.Linear(12, 12)

    def forward(self, memory, num_beams):
        states = torch.tanh(self.bridge(memory))
        expanded = states.repeat(num_beams.item(), *[1] * (states.dim() - 1))  # expect: EXL401
        return expanded


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 12), torch.tensor(3)),
    (torch.randn(3, 7, 12), torch.tensor(2)),
    (torch.randn(4, 3, 12), torch.tensor(5)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
