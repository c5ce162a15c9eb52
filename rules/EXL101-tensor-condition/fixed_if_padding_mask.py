import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Self-attention that skips the masking work when no position is padded."""

    def __init__(self):
        super().__init__()
        self.qkv = torch.nn.Linear(16, 48)
        self.out = torch.nn.Linear(16, 16)

    def forward(self, x, attention_mask):
        # x: (batch, seq, 16), attention_mask: (batch, seq) bool, True = keep
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(-2, -1) * 0.25

        def _branch_true(scores, attention_mask):
            scores = scores.masked_fill(~attention_mask[:, None, :], float("-inf"))
            return scores

        def _branch_false(scores, attention_mask):
            return scores.clone(memory_format=torch.contiguous_format)

        scores = torch.cond(
            torch.logical_not(attention_mask.all()),
            _branch_true,
            _branch_false,
            (scores, attention_mask),
        )  # expect: EXL101
        probs = F.softmax(scores, dim=-1)
        return self.out(probs @ v)


torch.manual_seed(0)


def _mask(b, s, pad):
    m = torch.ones(b, s, dtype=torch.bool)
    m[:, s - pad :] = False
    return m


example_inputs = [
    (torch.randn(2, 6, 16), _mask(2, 6, 2)),
    (torch.randn(3, 9, 16), _mask(3, 9, 0)),
    (torch.randn(2, 11, 16), _mask(2, 11, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
