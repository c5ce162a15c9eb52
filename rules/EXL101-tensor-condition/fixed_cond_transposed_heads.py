import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Head merge that rescales the heads when any is active, else squashes them: one branch
    returns `heads.transpose(1, 2) * gain` (strided like the transpose), the other a
    contiguous copy."""

    def __init__(self):
        super().__init__()
        self.gain = torch.nn.Parameter(torch.full((4,), 0.5))

    def forward(self, heads):
        # heads: (batch, heads=2, tokens, 4) -> (batch, tokens, heads, 4)
        def _branch_true(heads):
            return (heads.transpose(1, 2) * self.gain).clone(memory_format=torch.contiguous_format)

        def _branch_false(heads):
            return torch.tanh(heads).transpose(1, 2).contiguous().clone(memory_format=torch.contiguous_format)

        return torch.cond(
            heads.abs().max() > 0.1, _branch_true, _branch_false, (heads,)
        )  # expect: EXL101


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 2, 5, 4),),
    (torch.randn(3, 2, 7, 4) * 0.01,),
    (torch.randn(4, 2, 3, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
