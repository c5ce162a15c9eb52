import torch
from torch.export import Dim

# A kernel registered with the decorator form of torch.library.impl: that decorator returns
# None, so the module-level name `_soft_clip` is None afterwards and only
# torch.ops.exl403dec.soft_clip reaches the kernel. (Defined once per process: the module
# may be imported again.)
if not hasattr(torch.ops.exl403dec, "soft_clip"):
    torch.library.define("exl403dec::soft_clip", "(Tensor x) -> Tensor")

    @torch.library.impl("exl403dec::soft_clip", "cpu")
    def _soft_clip(x):
        return torch.tanh(x / 3.0) * 3.0


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        return torch.ops.exl403dec.soft_clip(self.proj(x)) + 1  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6),), (torch.randn(5, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
