import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Distance bucketing for relative positions: find each distance's bucket with
    torch.searchsorted over the bucket boundaries (no ONNX translation)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("boundaries", torch.tensor([1.0, 2.0, 4.0, 8.0, 16.0]))
        self.bias = torch.nn.Embedding(6, 1)

    def forward(self, distances):
        buckets = (self.boundaries.unsqueeze(-2) < distances.abs().contiguous().unsqueeze(-1)).sum(-1)  # expect: EXL404
        return self.bias(buckets).squeeze(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7) * 10,),
    (torch.randn(3, 4) * 10,),
    (torch.randn(2, 11) * 10,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
