import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Iterative shrinkage until no entry is above the threshold, counting the rounds."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(5, 5)

    def forward(self, x):
        rounds = torch.zeros((), dtype=torch.int64)
        y = self.proj(x)

        def _while_cond(y, rounds):
            return ~(y.abs() <= 1.0).all()
        def _while_body(y, rounds):
            y = torch.where(y.abs() > 1.0, y * 0.5, y)
            rounds = rounds + 1
            return y.clone(memory_format=torch.contiguous_format), rounds.clone(memory_format=torch.contiguous_format)
        y, rounds = torch._higher_order_ops.while_loop(
            _while_cond,
            _while_body,
            (y.clone(memory_format=torch.contiguous_format), rounds.clone(memory_format=torch.contiguous_format)),
        )  # expect: EXL101
        return y, rounds


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5) * 4,),
    (torch.randn(6, 5) * 40,),
    (torch.randn(3, 5) * 0.1,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
