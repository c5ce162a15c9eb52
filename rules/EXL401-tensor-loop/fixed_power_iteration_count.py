import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Spectral-norm style power iteration: the number of iterations arrives as a tensor."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(6, 6))

    def forward(self, v, iterations):
        v = v / v.norm(dim=-1, keepdim=True)

        def _while_cond(_step, v):
            return (_step < iterations).reshape(())
        def _while_body(_step, v):
            # one power step, renormalised
            v = torch.nn.functional.normalize(v @ self.weight, dim=-1)
            return _step + 1, v.clone(memory_format=torch.contiguous_format)
        _step, v = torch._higher_order_ops.while_loop(
            _while_cond,
            _while_body,
            (torch.tensor(0), v.clone(memory_format=torch.contiguous_format)),
        )  # expect: EXL401, EXL201
        return v * (v @ self.weight).norm(dim=-1, keepdim=True)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6), torch.tensor(3)),
    (torch.randn(5, 6), torch.tensor(7)),
    (torch.randn(3, 6), torch.tensor(0)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
