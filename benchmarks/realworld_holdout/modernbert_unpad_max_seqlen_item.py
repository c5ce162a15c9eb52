# Source: huggingface/transformers src/transformers/models/modernbert/modeling_modernbert.py
#   (_unpad_modernbert_input, transformers 4.4x; the same helper as `_get_unpad_data` of the
#   flash-attention path): `seqlens_in_batch = attention_mask.sum(dim=-1, dtype=torch.int32)`,
#   `indices = torch.nonzero(attention_mask.flatten(), as_tuple=False).flatten()`,
#   `max_seqlen_in_batch = int(seqlens_in_batch.max().item())`, then the unpadded rotary
#   embedding builds its cos/sin cache up to `max_seqlen`.
# What fails: `int()` of an `.item()` value: torch.export cannot make a Python int of it
#   (GuardOnDataDependentSymNode: Could not extract specialized integer).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8, base=10000.0):
        super().__init__()
        self.dim = dim
        self.embed = nn.Embedding(vocab, dim)
        self.register_buffer("inv_freq", 1.0 / (base ** (torch.arange(0, dim, 2).float() / dim)), persistent=False)

    def forward(self, input_ids, attention_mask):
        batch, seqlen = input_ids.shape
        seqlens_in_batch = attention_mask.sum(dim=-1, dtype=torch.int32)
        indices = torch.nonzero(attention_mask.flatten(), as_tuple=False).flatten()
        max_seqlen_in_batch = int(seqlens_in_batch.max().item())  # expect: EXL201
        cu_seqlens = nn.functional.pad(torch.cumsum(seqlens_in_batch, dim=0, dtype=torch.int32), (1, 0))
        unpadded = self.embed(input_ids).view(batch * seqlen, -1)[indices]
        t = torch.arange(max_seqlen_in_batch, dtype=self.inv_freq.dtype)
        freqs = torch.outer(t, self.inv_freq)
        cos, sin = freqs.cos(), freqs.sin()
        positions = (attention_mask.cumsum(-1) - 1).flatten()[indices]
        x1, x2 = unpadded.chunk(2, dim=-1)
        c, s = cos[positions], sin[positions]
        rotated = torch.cat((x1 * c - x2 * s, x1 * s + x2 * c), dim=-1)
        output = torch.zeros(batch * seqlen, self.dim, dtype=rotated.dtype)
        output[indices] = rotated
        return output.view(batch, seqlen, self.dim)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 6)), torch.tensor([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]])),
    (torch.randint(0, 20, (3, 4)), torch.tensor([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 0]])),
    (torch.randint(0, 20, (2, 9)), torch.tensor([[1] * 9, [1] * 5 + [0] * 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
