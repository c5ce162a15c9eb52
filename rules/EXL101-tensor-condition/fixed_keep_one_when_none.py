import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Proposal filtering that keeps the best-ranked box when no score passes the threshold,
    and pins the background column when every score is tiny."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)

    def forward(self, boxes, logits):
        scores = self.score(boxes).squeeze(-1).sigmoid()
        keep = scores > 0.5
        keep[0] = keep[0] | ~keep.any()  # never drop every proposal  # expect: EXL101
        probs = logits.softmax(-1)
        _when = probs[:, 1:].max() < 0.2  # expect: EXL101
        # all foreground is weak: make the first row background
        probs[0, 0] = torch.where(_when, 1.0, probs[0, 0])
        probs[0, 1:] = torch.where(_when, 0.0, probs[0, 1:])
        return (boxes * keep[:, None]).sum(0), probs


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 4), torch.randn(5, 3)),
    (torch.randn(8, 4) * 5, torch.randn(8, 3) * 4),
    (torch.randn(3, 4) - 10, torch.zeros(3, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
