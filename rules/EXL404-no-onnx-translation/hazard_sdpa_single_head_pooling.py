import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Single-head self-attention over a token sequence, then mean pooling.

    scaled_dot_product_attention on 3-D (batch, seq, dim) tensors exports, but torch.onnx
    fails to convert it; 4-D (batch, heads, seq, head_dim) converts.
    """

    def __init__(self):
        super().__init__()
        self.q = torch.nn.Linear(8, 8)
        self.k = torch.nn.Linear(8, 8)
        self.v = torch.nn.Linear(8, 8)

    def forward(self, tokens):
        # tokens: (batch, seq, 8)
        q, k, v = self.q(tokens), self.k(tokens), self.v(tokens)
        mixed = F.scaled_dot_product_attention(q, k, v)  # expect: EXL404
        return mixed.mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(2, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
