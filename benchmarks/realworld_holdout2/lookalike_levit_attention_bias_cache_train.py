# Source: huggingface/transformers src/transformers/models/levit/modeling_levit.py
#   (LevitAttention.train, get_attention_biases, forward, paraphrased): `@torch.no_grad() def
#   train(self, mode=True): super().train(mode); if mode and self.attention_bias_cache:
#   self.attention_bias_cache = {}`, `def get_attention_biases(self, device): if self.training:
#   return self.attention_biases[:, self.attention_bias_idxs] else: device_key = str(device); if
#   device_key not in self.attention_bias_cache: self.attention_bias_cache[device_key] =
#   self.attention_biases[:, self.attention_bias_idxs]; return
#   self.attention_bias_cache[device_key]`, `attention = query @ key.transpose(-2, -1) * self.scale
#   + self.get_attention_biases(hidden_state.device)`.
# Look-alike: a Python dict cache filled in forward and a `self.training` branch, but the key is
#   the device (not a size) and the cached tensor is a function of parameters only; the token
#   count is fixed by the architecture: exports and matches eager on any batch size.
import itertools

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, heads=2, resolution=3):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        points = list(itertools.product(range(resolution), range(resolution)))
        offsets, idxs = {}, []
        for p1 in points:
            for p2 in points:
                offset = (abs(p1[0] - p2[0]), abs(p1[1] - p2[1]))
                if offset not in offsets:
                    offsets[offset] = len(offsets)
                idxs.append(offsets[offset])
        self.attention_biases = nn.Parameter(torch.randn(heads, len(offsets)) * 0.1)
        self.register_buffer("attention_bias_idxs", torch.LongTensor(idxs).view(len(points), len(points)), persistent=False)
        self.attention_bias_cache = {}

    @torch.no_grad()
    def train(self, mode=True):
        super().train(mode)
        if mode and self.attention_bias_cache:
            self.attention_bias_cache = {}
        return self

    def get_attention_biases(self, device):
        if self.training:
            return self.attention_biases[:, self.attention_bias_idxs]
        device_key = str(device)
        if device_key not in self.attention_bias_cache:
            self.attention_bias_cache[device_key] = self.attention_biases[:, self.attention_bias_idxs]
        return self.attention_bias_cache[device_key]

    def forward(self, hidden_state):
        b, n, c = hidden_state.shape
        q, k, v = self.qkv(hidden_state).view(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        attention = q @ k.transpose(-2, -1) * self.scale + self.get_attention_biases(hidden_state.device)
        return (attention.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, c)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 9, 8),), (torch.randn(5, 9, 8),), (torch.randn(3, 9, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
