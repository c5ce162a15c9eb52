import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Relative coordinates between a query and a key grid of different lengths, scaled by
    `max(k / q, 1.0)`: Python compares the float ratio of the sizes, and export keeps the
    outcome of the example input. The float times the integer `arange` is EXL404's too: it
    exports as `aten.mul.Scalar` with a symbolic float, which torch.onnx cannot convert."""

    def forward(self, q, k):
        q_len, k_len = q.shape[1], k.shape[1]
        q_coords = torch.arange(q_len)[:, None] * max(k_len / q_len, 1.0)  # expect: EXL102, EXL404
        k_coords = torch.arange(k_len)[None, :] * 1.0
        return (q @ k.transpose(1, 2)) * (q_coords - k_coords)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 3), torch.randn(2, 6, 3)),
    (torch.randn(2, 7, 3), torch.randn(2, 3, 3)),
    (torch.randn(3, 5, 3), torch.randn(3, 9, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
