import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Hide fixed column spans of every sample (a structured dropout pattern).

    The look-alike of a per-sample span fill: the loop writes one region per iteration with
    one value, but the spans are Python integers fixed in the constructor, so the loop is the
    same for every input and its bounds are no tensors.
    """

    def __init__(self):
        super().__init__()
        self.spans = ((0, 1), (3, 5))

    def forward(self, tokens):
        keep = torch.ones(tokens.shape[0], tokens.shape[1], dtype=torch.bool)
        for start, end in self.spans:
            keep[:, start:end] = False  # these positions are hidden from the encoder
        return tokens * keep[:, :, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 3),),
    (torch.randn(3, 6, 3),),
    (torch.randn(4, 10, 3),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
