import torch
from torch.export import Dim

# The deployment range of the sequence, and a short example outside it.
seq = Dim("seq", min=16, max=2048)


class Model(torch.nn.Module):
    """Sequence tagger traced on 8 tokens while its Dim says at least 16: torch.export fails
    ("8 not in range [16, 2048]")."""

    def __init__(self):
        super().__init__()
        self.tag = torch.nn.Linear(8, 3)

    def forward(self, hidden):
        return self.tag(hidden).argmax(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16, 8),),  # expect: EXL601
    (torch.randn(2, 20, 8),),
    (torch.randn(2, 33, 8),),
]
dynamic_shapes = ({1: seq},)
