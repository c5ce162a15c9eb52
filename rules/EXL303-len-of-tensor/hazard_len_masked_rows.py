import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Detection post-processing: a learned score per kept box, normalised by how many boxes
    passed the threshold (`len()` of a masked selection)."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)

    def forward(self, boxes):
        # boxes: (n, 4); column 0 is the objectness
        kept = boxes[boxes[:, 0] > 0]
        weights = torch.ones(len(kept)) / 2  # expect: EXL303
        return (self.score(kept).squeeze(-1) * weights).sum()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(8, 4),),
    (torch.randn(5, 4),),
    (torch.randn(13, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
