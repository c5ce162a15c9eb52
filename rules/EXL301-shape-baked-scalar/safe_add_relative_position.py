import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Self-attention with a learned relative-position bias (T5/Swin style).

    The offset `+ n - 1` shifts relative distances into the bias-table range;
    adding a dynamic size to a tensor is traced symbolically.
    """

    def __init__(self):
        super().__init__()
        self.max_len = 32
        self.qkv = torch.nn.Linear(8, 24)
        self.rel_bias = torch.nn.Embedding(2 * self.max_len - 1, 1)

    def forward(self, x):
        # x: (seq, 8)
        n = x.shape[0]
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        pos = torch.arange(n)
        rel = pos[:, None] - pos[None, :] + n - 1
        bias = self.rel_bias(rel).squeeze(-1)
        attn = (q @ k.t() * 8**-0.5 + bias).softmax(dim=-1)
        return attn @ v


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(13, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
