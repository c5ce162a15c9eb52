import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Find each row's first padding position (its length) and gather the last token.

    masked_fill with a dynamic size as the fill value stays symbolic.
    """

    def __init__(self):
        super().__init__()
        self.pad_id = 0
        self.embed = torch.nn.Embedding(10, 6)

    def forward(self, input_ids):
        batch, n = input_ids.shape
        positions = torch.arange(n).expand(batch, n)
        not_pad = input_ids != self.pad_id
        lengths = positions.masked_fill(not_pad, n).min(dim=1).values
        last = (lengths - 1).clamp(min=0)
        h = self.embed(input_ids)
        return h[torch.arange(batch), last]


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[3, 4, 5, 0, 0, 0], [7, 1, 0, 0, 0, 0]]),),
    (torch.tensor([[3, 4, 5, 6, 7, 8, 9, 0, 0], [2, 0, 0, 0, 0, 0, 0, 0, 0]]),),
    (torch.tensor([[1, 2, 3], [4, 5, 0]]),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
