import torch
import torch.nn.functional as F
from functorch.experimental import control_flow
from torch.export import Dim


class Model(torch.nn.Module):
    """Cross-entropy of each decoding hypothesis, mapped over the beam dimension."""

    def __init__(self):
        super().__init__()
        self.lm_head = torch.nn.Linear(8, 20)

    def forward(self, beams, targets):
        def beam_loss(beam):
            hidden, target = beam
            logits = self.lm_head(hidden)
            return F.cross_entropy(logits, target, reduction="none")

        losses = control_flow.map(beam_loss, (beams, targets))  # expect: EXL402
        return losses.sum(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 6, 8), torch.randint(0, 20, (3, 6))),
    (torch.randn(5, 6, 8), torch.randint(0, 20, (5, 6))),
    (torch.randn(2, 6, 8), torch.randint(0, 20, (2, 6))),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
