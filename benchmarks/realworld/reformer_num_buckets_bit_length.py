# Source: huggingface/transformers src/transformers/models/reformer/modeling_reformer.py
#   (LSHSelfAttention._set_num_buckets, called from forward when config.num_buckets is None):
#   `num_buckets_pow_2 = (2 * (sequence_length // self.chunk_length)).bit_length() - 1`,
#   `num_buckets = 2**num_buckets_pow_2`, then `if num_buckets > num_buckets_limit:`.
# What fails: `int.bit_length()` on a dynamic size is not a torch operation: export bakes the
#   number of buckets of the traced length (the dynamic dimension comes out static).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, chunk_length=2, max_position_embeddings=64, dim=8):
        super().__init__()
        self.chunk_length = chunk_length
        self.max_position_embeddings = max_position_embeddings
        self.rotations = nn.Parameter(torch.randn(dim, 16))

    def _set_num_buckets(self, sequence_length):
        num_buckets_pow_2 = (2 * (sequence_length // self.chunk_length)).bit_length() - 1  # expect: NONE-int-method-on-size
        num_buckets = 2**num_buckets_pow_2
        num_buckets_limit = 2 * max(
            int((self.max_position_embeddings // self.chunk_length) ** (0.5)), self.chunk_length
        )
        if num_buckets > num_buckets_limit:
            num_buckets = num_buckets_limit
        return num_buckets

    def forward(self, hidden_states):
        num_buckets = self._set_num_buckets(hidden_states.shape[1])
        rotated = hidden_states @ self.rotations[:, : num_buckets // 2]
        buckets = torch.argmax(torch.cat([rotated, -rotated], dim=-1), dim=-1)
        return buckets


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 8),), (torch.randn(3, 20, 8),), (torch.randn(2, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
