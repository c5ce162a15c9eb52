# Source: huggingface/transformers src/transformers/models/minimax/modeling_minimax.py
#   (MiniMaxLightningAttention.forward, the token-by-token branch):
#   `for i in range(seq_len):` slicing `query_states[:, :, i : i + 1]`, updating
#   `attn_weights_inter = ratio * attn_weights_inter + ...` and appending to a list, then
#   `torch.cat(attn_output, dim=-2)`.
# What fails: `range()` of a dynamic sequence length: export unrolls the loop for the traced
#   length and bakes it.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, heads=2):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.register_buffer("slope_rate", torch.tensor([[[0.5]], [[0.25]]]))

    def forward(self, hidden_states):
        batch_size, seq_len, _ = hidden_states.shape
        qkv = self.qkv(hidden_states).view(batch_size, seq_len, 3, self.heads, self.head_dim)
        query_states, key_states, value_states = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        attn_weights_inter = torch.zeros(batch_size, self.heads, self.head_dim, self.head_dim)
        ratio = torch.exp(-self.slope_rate)
        attn_output = []
        for i in range(seq_len):  # expect: EXL401
            q = query_states[:, :, i : i + 1]
            k = key_states[:, :, i : i + 1]
            v = value_states[:, :, i : i + 1]
            attn_weights_inter = ratio * attn_weights_inter + torch.matmul(k.transpose(-1, -2), v)
            attn_output.append(torch.matmul(q, attn_weights_inter))
        attn_output = torch.cat(attn_output, dim=-2)
        return attn_output.transpose(1, 2).reshape(batch_size, seq_len, -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(2, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
