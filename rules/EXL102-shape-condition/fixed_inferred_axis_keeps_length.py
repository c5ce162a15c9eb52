import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frame grouping: features are regrouped into fixed blocks of 4 frames with
    `view(b, -1, 4 * d)`. The `-1` there absorbs the number of frames, a dynamic size: the
    number of blocks is dynamic and testing it keeps one branch."""

    def __init__(self, d=6):
        super().__init__()
        self.d = d
        self.proj = torch.nn.Linear(4 * d, d)

    def forward(self, frames):
        b = frames.shape[0]
        blocks = frames.reshape(b, -1, 4 * self.d)
        blocks = blocks.index_select(  # expect: EXL102
            1, torch.arange(torch.sym_min(blocks.size(1), 3), device=blocks.device)
        )
        return self.proj(blocks)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 20, 6),),
    (torch.randn(3, 8, 6),),
    (torch.randn(1, 32, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("frames", min=1, max=64) * 4},)
