import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same guards written without a Python `if` on a tensor, and one on a flag."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)
        self.keep_first = True

    def forward(self, boxes):
        keep = self.score(boxes).squeeze(-1).sigmoid() > 0.5
        keep[0] = keep[0] | ~keep.any()
        if self.keep_first:
            keep[0] = True
        return (boxes * keep[:, None]).sum(0)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 4),), (torch.randn(8, 4) * 5,), (torch.randn(3, 4) - 10,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
