import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """One empty detection list per image, as `[empty] * batch`: the repeat count must be a
    Python int, so export specialises the batch size."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(5, 6)

    def forward(self, feats):
        batch = feats.shape[0]
        slots = [torch.zeros(6)] * batch  # expect: EXL301
        return self.head(feats).amax(dim=1) + torch.stack(slots)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4, 5),), (torch.randn(5, 2, 5),), (torch.randn(2, 6, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
