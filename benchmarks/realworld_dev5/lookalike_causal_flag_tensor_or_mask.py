# Source: attention helpers that fold a config flag into a mask test
#   (`use_causal = torch.tensor(self.is_causal) or attention_mask.any()`, a pattern of ported
#   TF/JAX attention code), and pytorch issues on `or` with tensors under torch.export.
# Look-alike: `torch.tensor(<Python bool>)` has a value export knows at trace time, so the
#   `or` is decided without reading the mask: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, is_causal=True, temperature=1.0):
        super().__init__()
        self.is_causal = is_causal
        self.temperature = temperature
        self.proj = nn.Linear(4, 4)

    def forward(self, x, attention_mask):
        use_causal = torch.tensor(self.is_causal) or attention_mask.any()
        if torch.tensor(self.temperature) > 0.5:
            x = x / self.temperature
        scores = self.proj(x) @ x.transpose(-1, -2)
        n = x.shape[1]
        causal = torch.ones(n, n, dtype=torch.bool).tril()
        scores = scores.masked_fill(~(causal & use_causal), float("-inf"))
        return scores.softmax(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4), torch.ones(2, 5, dtype=torch.bool)),
    (torch.randn(3, 7, 4), torch.ones(3, 7, dtype=torch.bool)),
    (torch.randn(1, 3, 4), torch.ones(1, 3, dtype=torch.bool)),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim("n")}, {0: Dim("b"), 1: Dim("n")})
