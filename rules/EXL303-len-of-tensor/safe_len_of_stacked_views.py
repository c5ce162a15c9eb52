import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Averages a few augmented views stacked on a new first axis: `len()` of the stack is the
    number of views listed, whatever the batch and sequence sizes."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(4, 4)

    def forward(self, tokens):
        views = torch.stack([tokens, tokens.flip(1), tokens * 0.5])
        encoded = self.encoder(views)
        return encoded.sum(0) / len(views)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 9, 4),),
    (torch.randn(4, 3, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
