import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Boost the channels-last features of the images a gate flags, when any is flagged:
    `v = x.permute(0, 2, 3, 1)` then `out = v.index_put((flagged,), ...)`, zeros otherwise.
    The result is laid out like the permuted view (through the name `v`), which torch.cond
    rejects as a branch output unless it is a dense copy."""

    def __init__(self):
        super().__init__()
        self.gate = torch.nn.Linear(4, 1)

    def forward(self, x):
        # x: (batch, channels=4, height, width)
        flagged = self.gate(x.mean((2, 3))).squeeze(-1) > 0

        def _branch_true(x, flagged):
            v = x.permute(0, 2, 3, 1)
            out = v.index_put((flagged,), v[flagged] * 2)
            return out.clone(memory_format=torch.contiguous_format)

        def _branch_false(x, flagged):
            out = x.new_zeros(x.shape[0], x.shape[2], x.shape[3], x.shape[1])
            return out.clone(memory_format=torch.contiguous_format)

        out = torch.cond(flagged.any(), _branch_true, _branch_false, (x, flagged))  # expect: EXL101
        scores = self.gate(out).squeeze(-1)
        return scores + x.mean(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 4, 5, 6),),
    (torch.randn(2, 4, 7, 3),),
    (torch.randn(4, 4, 6, 6) - 3,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
