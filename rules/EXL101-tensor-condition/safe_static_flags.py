import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Encoder whose Python branches only test static facts: flags, dtype, rank, None."""

    def __init__(self):
        super().__init__()
        self.blocks = torch.nn.ModuleList(torch.nn.Linear(16, 16) for _ in range(4))
        self.skip = {2}
        self.use_gelu = True
        self.norm = torch.nn.LayerNorm(16)

    def forward(self, x, mask: torch.Tensor | None = None):
        if x.dtype == torch.float16:
            x = x.float()
        if x.dim() == 2:
            x = x.unsqueeze(0)
        act = F.gelu if self.use_gelu else F.relu
        active = [blk for i, blk in enumerate(self.blocks) if i not in self.skip]
        for blk in active:
            x = x + act(blk(x))
        x = self.norm(x)
        if mask is not None and self.training:
            x = x.masked_fill(~mask[..., None], 0.0)
        return x


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 16), torch.randn(2, 5) > -0.5),
    (torch.randn(3, 8, 16), torch.randn(3, 8) > -0.5),
    (torch.randn(4, 3, 16), torch.randn(4, 3) > -0.5),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
