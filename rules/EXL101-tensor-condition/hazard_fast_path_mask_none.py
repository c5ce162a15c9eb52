import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention that drops a padding mask of all ones, so that scaled_dot_product_attention
    takes its unmasked kernel (a transformers idiom): a shortcut on tensor data that sets the
    mask to None, which torch.cond cannot return."""

    def __init__(self):
        super().__init__()
        self.qkv = torch.nn.Linear(8, 24)

    def forward(self, x, attention_mask):
        q, k, v = self.qkv(x).unsqueeze(1).chunk(3, dim=-1)
        # nothing padded: no mask needed
        if (attention_mask == 1).all():  # expect: EXL101
            attention_mask = None
        if attention_mask is not None:
            attention_mask = (1.0 - attention_mask[:, None, None, :].to(q.dtype)) * -1e4
        return F.scaled_dot_product_attention(q, k, v, attn_mask=attention_mask).squeeze(1)


def _inputs(batch, length, padded):
    mask = torch.ones(batch, length, dtype=torch.long)
    if padded:
        mask[0, -2:] = 0
    return (torch.randn(batch, length, 8), mask)


torch.manual_seed(0)
example_inputs = [_inputs(2, 5, False), _inputs(3, 7, True), _inputs(2, 6, True)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
