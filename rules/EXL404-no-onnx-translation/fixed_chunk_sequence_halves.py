import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Compares the first and second half of a sequence, cut with chunk(2) along time.

    chunk along a dynamic axis exports, but torch.onnx fails on the graph.
    """

    def forward(self, seq):
        first, second = (seq[:, :(seq.shape[1] + 1) // 2], seq[:, (seq.shape[1] + 1) // 2:])  # expect: EXL404
        return first.mean(1) - second.mean(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 6),),
    (torch.randn(3, 18, 6),),
    (torch.randn(2, 8, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
