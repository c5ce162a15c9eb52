import torch
from torch.export import Dim

# min=1 does not help: a named Dim traced at size 1 is specialised all the same
# ("You marked seq as dynamic but your code specialized it to be a constant (1)").
seq = Dim("seq", min=1, max=512)
tokens = torch.randint(0, 100, (2, 2))  # expect: EXL601


class Model(torch.nn.Module):
    """Token embedding plus a learned scale, traced on a one-token prompt."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(100, 8)

    def forward(self, input_ids):
        return self.embed(input_ids) * 0.5


torch.manual_seed(0)
example_inputs = [
    (tokens,),
    (torch.randint(0, 100, (2, 6)),),
    (torch.randint(0, 100, (2, 11)),),
]
dynamic_shapes = ({1: seq},)
