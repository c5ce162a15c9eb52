# Source: huggingface/transformers src/transformers/models/wav2vec2_conformer/
#   modeling_wav2vec2_conformer.py (Wav2Vec2ConformerRelPositionalEmbedding, the same class in
#   seamless_m4t and espnet's RelPositionalEncoding): `if self.pe is not None: if self.pe.size(1)
#   >= x.size(1) * 2 - 1: ... return`, otherwise the sin/cos table is rebuilt for `x.size(1)`;
#   forward slices `self.pe[:, start_idx:end_idx]` around the centre.
# What fails: the cached table was built at construction for `max_len`; the size test keeps the
#   cache for the traced length, and longer inputs get a table that is too short (guard dropped
#   in ONNX).
import math

import torch
from torch import nn
from torch.export import Dim


class RelPositionalEmbedding(nn.Module):
    def __init__(self, d_model, max_len):
        super().__init__()
        self.d_model = d_model
        self.pe = None
        self.extend_pe(torch.tensor(0.0).expand(1, max_len))

    def extend_pe(self, x):
        if self.pe is not None:
            if self.pe.size(1) >= x.size(1) * 2 - 1:  # expect: EXL102
                if self.pe.dtype != x.dtype or self.pe.device != x.device:
                    self.pe = self.pe.to(dtype=x.dtype, device=x.device)
                return
        pe_positive = torch.zeros(x.size(1), self.d_model)
        pe_negative = torch.zeros(x.size(1), self.d_model)
        position = torch.arange(0, x.size(1), dtype=torch.int64).float().unsqueeze(1)
        div_term = torch.exp(torch.arange(0, self.d_model, 2, dtype=torch.int64).float() * -(math.log(10000.0) / self.d_model))
        pe_positive[:, 0::2] = torch.sin(position * div_term)
        pe_positive[:, 1::2] = torch.cos(position * div_term)
        pe_negative[:, 0::2] = torch.sin(-1 * position * div_term)
        pe_negative[:, 1::2] = torch.cos(-1 * position * div_term)
        pe_positive = torch.flip(pe_positive, [0]).unsqueeze(0)
        pe_negative = pe_negative[1:].unsqueeze(0)
        pe = torch.cat([pe_positive, pe_negative], dim=1)
        self.pe = pe.to(device=x.device, dtype=x.dtype)

    def forward(self, hidden_states):
        self.extend_pe(hidden_states)
        start_idx = self.pe.size(1) // 2 - hidden_states.size(1) + 1
        end_idx = self.pe.size(1) // 2 + hidden_states.size(1)
        return self.pe[:, start_idx:end_idx]


class Model(nn.Module):
    def __init__(self, dim=8, max_len=6):
        super().__init__()
        self.embed_positions = RelPositionalEmbedding(dim, max_len)
        self.linear_pos = nn.Linear(dim, dim, bias=False)

    def forward(self, hidden_states):
        relative_position_embeddings = self.embed_positions(hidden_states)
        pos = self.linear_pos(relative_position_embeddings)
        scores = hidden_states @ pos.transpose(1, 2)
        return scores.softmax(-1) @ pos


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 12, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
