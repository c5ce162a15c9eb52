import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Mask out one span per sample (span corruption / infilling): `keep[i, s:e] = False`.

    The spans come as tensors of starts and ends; the loop runs once per sample, and its
    bounds are 0-d tensors: export bakes the batch size and the traced spans.
    """

    def forward(self, tokens, starts, ends):
        keep = torch.ones(tokens.shape[0], tokens.shape[1], dtype=torch.bool)
        for i, (s, e) in enumerate(zip(starts, ends)):  # expect: EXL401
            keep[i, s:e] = False  # the span is hidden from the encoder
        return tokens * keep[:, :, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 3), torch.tensor([1, 4]), torch.tensor([3, 8])),
    (torch.randn(3, 6, 3), torch.tensor([0, 2, 5]), torch.tensor([2, 2, 6])),
    (torch.randn(4, 10, 3), torch.tensor([9, 0, 3, 1]), torch.tensor([10, 10, 4, 2])),
]
batch = Dim("batch")
dynamic_shapes = ({0: batch, 1: Dim.DYNAMIC}, {0: batch}, {0: batch})
