import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention block that picks a masking strategy from the sequence length in a helper."""

    def __init__(self):
        super().__init__()
        self.qkv = torch.nn.Linear(16, 48)
        self.proj = torch.nn.Linear(16, 16)
        self.use_local = True
        self.window = 6

    def _attention_bias(self, x):
        q_len = x.shape[1]
        i = torch.arange(q_len, device=x.device)
        dist = (i[:, None] - i[None, :]).abs()
        if self.use_local and q_len > 2 * self.window:  # expect: EXL102
            return torch.where(dist <= self.window, 0.0, float("-inf"))
        elif q_len > self.window:  # expect: EXL102
            return -0.1 * dist.float()
        return torch.zeros(q_len, q_len, device=x.device)

    def forward(self, x):
        _, n, _ = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scale = 0.25 if n < 64 else 0.125  # expect: EXL102
        scores = q @ k.transpose(1, 2) * scale + self._attention_bias(x)
        return self.proj(F.softmax(scores, dim=-1) @ v)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 20, 16),),
    (torch.randn(3, 9, 16),),
    (torch.randn(2, 4, 16),),
    (torch.randn(1, 70, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
