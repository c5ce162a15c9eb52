# Source: huggingface/transformers src/transformers/models/bert/modeling_bert.py (older
#   BertSelfAttention.transpose_for_scores): `new_x_shape = x.size()[:-1] +
#   (self.num_attention_heads, self.attention_head_size)`, `x = x.view(new_x_shape)`, and
#   `context_layer.size()[:-2] + (self.all_head_size,)`; timm's `list(x.shape)` then `shape[-1] = -1`.
# Look-alike: `list()` of a shape (Python sizes), not of a tensor: exports with dynamic batch and
#   sequence and matches eager.
import torch
from torch import nn
from torch.export import Dim


class SelfAttention(nn.Module):
    def __init__(self, hidden=8, heads=2):
        super().__init__()
        self.num_attention_heads = heads
        self.attention_head_size = hidden // heads
        self.all_head_size = hidden
        self.query = nn.Linear(hidden, hidden)

    def transpose_for_scores(self, x):
        new_x_shape = x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)
        return x.view(new_x_shape).permute(0, 2, 1, 3)

    def forward(self, hidden_states):
        q = self.transpose_for_scores(self.query(hidden_states))
        scores = (q @ q.transpose(-1, -2)).softmax(-1)
        context = (scores @ q).permute(0, 2, 1, 3).contiguous()
        shape = list(context.shape)
        shape = shape[:-2] + [self.all_head_size]
        return context.view(shape)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = SelfAttention()

    def forward(self, x):
        return self.attn(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 7, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
