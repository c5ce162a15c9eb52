import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Max-norm projection of the leading features, the carry starting as a slice of a wider
    projection (a view whose row stride is the full width)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 16)
        self.max_norm = 1.5

    def forward(self, x):
        h = self.proj(x)[:, :8]

        def _while_cond(h):
            return h.norm(dim=-1).max() > self.max_norm
        def _while_body(h):
            h = h * 0.5
            return (h.clone(memory_format=torch.contiguous_format),)
        (h,) = torch._higher_order_ops.while_loop(
            _while_cond, _while_body, (h.clone(memory_format=torch.contiguous_format),)
        )  # expect: EXL101
        return h


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6),), (torch.randn(5, 6) * 4,), (torch.randn(2, 6) * 0.1,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
