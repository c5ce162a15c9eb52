import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Adaptive squashing: how hard activations are squashed depends on their peak."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)
        self.out = torch.nn.Linear(8, 4)

    def forward(self, x):
        h = self.proj(x)
        score = h.abs().max()

        def _branch_true(h, score):
            h = h / 6.0
            return h

        def _branch_false(h, score):
            def _branch_true_2(h):
                h = torch.tanh(h)
                return h

            def _branch_false_2(h):
                h = h * 2.0
                return h

            h = torch.cond(score > 2.0, _branch_true_2, _branch_false_2, (h,))  # expect: EXL101
            return h

        h = torch.cond(score > 6.0, _branch_true, _branch_false, (h, score))  # expect: EXL101
        return self.out(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8) * 4.0,),
    (torch.randn(6, 8) * 20.0,),
    (torch.randn(3, 8) * 0.1,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
