# Source: huggingface/transformers src/transformers/models/bart/modeling_bart.py
#   (BartEncoder.forward, transformers 4.2x): `for idx, encoder_layer in enumerate(self.layers):
#   dropout_probability = random.uniform(0, 1); if self.training and (dropout_probability <
#   self.layerdrop): layer_outputs = (None, None) else: layer_outputs = encoder_layer(...)`.
# Look-alike: the host random number is drawn in traced code but only read in training: the
#   eval model does not depend on it: exports and matches eager.
import random

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, layers=3, layerdrop=0.1):
        super().__init__()
        self.layerdrop = layerdrop
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(dim, 2, 16, dropout=0.0, batch_first=True) for _ in range(layers))

    def forward(self, hidden_states):
        for idx, encoder_layer in enumerate(self.layers):
            dropout_probability = random.uniform(0, 1)
            if self.training and (dropout_probability < self.layerdrop):
                continue
            hidden_states = encoder_layer(hidden_states)
        return hidden_states


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
