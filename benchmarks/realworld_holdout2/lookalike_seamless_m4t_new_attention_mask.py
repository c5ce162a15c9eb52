# Source: huggingface/transformers src/transformers/models/seamless_m4t/modeling_seamless_m4t.py
#   (_compute_new_attention_mask, and the sub-sampled lengths of the speech encoder,
#   paraphrased): `bsz, mask_seq_len = hidden_states.shape[:2]`, `indices =
#   torch.arange(mask_seq_len, device=seq_lens.device).expand(bsz, -1)`, `bool_mask = indices >=
#   seq_lens.unsqueeze(1).expand(-1, mask_seq_len)`, `mask = hidden_states.new_ones((bsz,
#   mask_seq_len))`, `mask = mask.masked_fill(bool_mask, 0)`; `pad = kernel_size // 2`,
#   `seq_lens = ((seq_lens + 2 * pad - kernel_size) / stride) + 1`, `return seq_lens.floor()`.
# Look-alike: a padding mask from per-utterance lengths (data) built entirely with tensor ops on
#   the symbolic sequence length (no `.item()`, no `max()` of the lengths): exports and matches.
#   (The length Dim starts at 4: with min 2 export asks for a guard that the sub-sampled length
#   is not 1, which `expand` needs.)
import torch
from torch import nn
from torch.export import Dim


def _compute_new_attention_mask(hidden_states, seq_lens):
    bsz, mask_seq_len = hidden_states.shape[:2]
    indices = torch.arange(mask_seq_len, device=seq_lens.device).expand(bsz, -1)
    bool_mask = indices >= seq_lens.unsqueeze(1).expand(-1, mask_seq_len)
    mask = hidden_states.new_ones((bsz, mask_seq_len))
    return mask.masked_fill(bool_mask, 0)


class Model(nn.Module):
    def __init__(self, dim=8, kernel_size=3, stride=2):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride
        self.conv = nn.Conv1d(dim, dim, kernel_size, stride=stride, padding=kernel_size // 2)

    def _sub_sampled_lengths(self, attention_mask):
        pad = self.kernel_size // 2
        seq_lens = attention_mask.size(1) - (1 - attention_mask.int()).sum(1)
        seq_lens = ((seq_lens + 2 * pad - self.kernel_size) / self.stride) + 1
        return seq_lens.floor()

    def forward(self, hidden_states, attention_mask):
        hidden_states = self.conv(hidden_states.transpose(1, 2)).transpose(1, 2)
        sub_lens = self._sub_sampled_lengths(attention_mask)
        mask = _compute_new_attention_mask(hidden_states, sub_lens)
        return hidden_states * mask.unsqueeze(-1)


torch.manual_seed(0)
m0 = torch.ones(2, 9, dtype=torch.long)
m0[1, 5:] = 0
m1 = torch.ones(3, 14, dtype=torch.long)
m1[0, 3:] = 0
m2 = torch.ones(1, 6, dtype=torch.long)
example_inputs = [(torch.randn(2, 9, 8), m0), (torch.randn(3, 14, 8), m1), (torch.randn(1, 6, 8), m2)]
b, t = Dim("b"), Dim("t", min=4, max=4096)
dynamic_shapes = ({0: b, 1: t}, {0: b, 1: t})
