import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Embedding lookup with an iterative max-norm projection, written as a Python while loop."""

    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(32, 12)
        self.max_norm = 1.5

    def forward(self, ids):
        e = self.emb(ids)

        def _while_cond(e):
            return e.norm(dim=-1).max() > self.max_norm
        def _while_body(e):
            e = e * 0.5
            return (e.clone(memory_format=torch.contiguous_format),)
        (e,) = torch._higher_order_ops.while_loop(
            _while_cond, _while_body, (e.clone(memory_format=torch.contiguous_format),)
        )  # expect: EXL101
        return e


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 5)),),
    (torch.randint(0, 32, (3, 8)),),
    (torch.randint(0, 32, (4, 3)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
