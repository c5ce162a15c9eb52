# Source: huggingface/transformers src/transformers/models/speecht5/modeling_speecht5.py
#   (SpeechT5RelativePositionalEncoding.forward, paraphrased): `seq_len = hidden_states.shape[1]`,
#   `pos_seq = torch.arange(0, seq_len).long().to(hidden_states.device)`, `pos_seq = pos_seq[:,
#   None] - pos_seq[None, :]`, `pos_seq[pos_seq < -self.max_length] = -self.max_length`,
#   `pos_seq[pos_seq >= self.max_length] = self.max_length - 1`, `pos_seq = pos_seq +
#   self.max_length`, `return self.pe_k(pos_seq)`.
# Look-alike: in-place writes through boolean masks and an `arange` of the dynamic length; the
#   tensor written is created in forward (not an input), and the masks are tensors: exports and
#   matches eager on lengths above and below `max_length`.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, max_length=4):
        super().__init__()
        self.max_length = max_length
        self.pe_k = nn.Embedding(2 * max_length, dim)
        self.q = nn.Linear(dim, dim)

    def forward(self, hidden_states):
        seq_len = hidden_states.shape[1]
        pos_seq = torch.arange(0, seq_len).long()
        pos_seq = pos_seq[:, None] - pos_seq[None, :]
        pos_seq[pos_seq < -self.max_length] = -self.max_length
        pos_seq[pos_seq >= self.max_length] = self.max_length - 1
        pos_seq = pos_seq + self.max_length
        position_bias = self.pe_k(pos_seq)
        q = self.q(hidden_states)
        return torch.einsum("btd,tsd->bts", q, position_bias)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 3, 8),), (torch.randn(1, 11, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
