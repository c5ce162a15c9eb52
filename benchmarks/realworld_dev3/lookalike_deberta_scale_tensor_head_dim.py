# Source: huggingface/transformers src/transformers/models/deberta_v2/modeling_deberta_v2.py
#   (DisentangledSelfAttention.forward): `scale_factor = 1`, `if "c2p" in self.pos_att_type:
#   scale_factor += 1`, `scale = torch.sqrt(torch.tensor(query_layer.size(-1), dtype=torch.float) *
#   scale_factor)`, `attention_scores = torch.bmm(query_layer, key_layer.transpose(-1, -2) /
#   scale.to(dtype=query_layer.dtype))`.
# Look-alike: the size put in a tensor is the head size, fixed by the weights (a view to a config
#   value): exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, hidden=8, heads=2):
        super().__init__()
        self.num_attention_heads = heads
        self.attention_head_size = hidden // heads
        self.pos_att_type = ["c2p"]
        self.query_proj = nn.Linear(hidden, hidden)
        self.key_proj = nn.Linear(hidden, hidden)

    def transpose_for_scores(self, x, attention_heads):
        new_x_shape = x.size()[:-1] + (attention_heads, -1)
        x = x.view(new_x_shape)
        return x.permute(0, 2, 1, 3).contiguous().view(-1, x.size(1), x.size(-1))

    def forward(self, hidden_states):
        query_layer = self.transpose_for_scores(self.query_proj(hidden_states), self.num_attention_heads)
        key_layer = self.transpose_for_scores(self.key_proj(hidden_states), self.num_attention_heads)
        scale_factor = 1
        if "c2p" in self.pos_att_type:
            scale_factor += 1
        scale = torch.sqrt(torch.tensor(query_layer.size(-1), dtype=torch.float) * scale_factor)
        attention_scores = torch.bmm(query_layer, key_layer.transpose(-1, -2) / scale.to(dtype=query_layer.dtype))
        return attention_scores.softmax(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
