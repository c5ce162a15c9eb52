import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Language-model head that also returns the mean token log-likelihood over unmasked tokens."""

    def __init__(self):
        super().__init__()
        self.body = torch.nn.Linear(12, 12)
        self.lm_head = torch.nn.Linear(12, 30)

    def forward(self, h, targets, mask):
        # h: (batch, seq, 12); targets: (batch, seq) int64; mask: (batch, seq) float
        logits = self.lm_head(torch.relu(self.body(h)))
        logp = F.log_softmax(logits, dim=-1)
        tok_logp = logp.gather(-1, targets[..., None]).squeeze(-1)
        n_tokens = torch.sym_float(mask.sum().item())  # expect: EXL201
        mean_logp = (tok_logp * mask).sum() / n_tokens
        return logits, mean_logp


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 12), torch.randint(0, 30, (2, 5)), (torch.rand(2, 5) > 0.3).float()),
    (torch.randn(3, 7, 12), torch.randint(0, 30, (3, 7)), (torch.rand(3, 7) > 0.3).float()),
    (torch.randn(4, 3, 12), torch.randint(0, 30, (4, 3)), (torch.rand(4, 3) > 0.3).float()),
]
dynamic_shapes = (
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
)
