import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Feature-pyramid fusion: average several resized feature maps.

    len(feats) is the length of a Python list of tensors, fixed by the code.
    """

    def __init__(self):
        super().__init__()
        self.lateral = torch.nn.ModuleList(
            [torch.nn.Conv1d(c, 8, kernel_size=1) for c in (4, 6, 10)]
        )

    def forward(self, c3, c4, c5):
        # c3: (batch, 4, T), c4: (batch, 6, T), c5: (batch, 10, T)
        feats = [self.lateral[0](c3), self.lateral[1](c4), self.lateral[2](c5)]
        fused = torch.stack(feats, dim=0).sum(dim=0) / len(feats)
        return fused.amax(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6), torch.randn(2, 6, 6), torch.randn(2, 10, 6)),
    (torch.randn(2, 4, 11), torch.randn(2, 6, 11), torch.randn(2, 10, 11)),
    (torch.randn(2, 4, 3), torch.randn(2, 6, 3), torch.randn(2, 10, 3)),
]
dynamic_shapes = ({2: Dim.DYNAMIC}, {2: Dim.DYNAMIC}, {2: Dim.DYNAMIC})
