import torch
from torch.export import Dim

tokens = torch.randint(0, 100, (2, 2))


class Model(torch.nn.Module):
    """Token embedding traced on two tokens (the smallest size that stays dynamic); later
    input sets may be of any size, one included."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(100, 8)

    def forward(self, input_ids):
        return self.embed(input_ids) * 0.5


torch.manual_seed(0)
example_inputs = [
    (tokens,),
    (torch.randint(0, 100, (2, 6)),),
    (torch.randint(0, 100, (2, 1)),),
]
dynamic_shapes = ({1: Dim("seq", min=1, max=512)},)
