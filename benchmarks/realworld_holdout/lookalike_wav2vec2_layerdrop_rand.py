# Source: huggingface/transformers src/transformers/models/wav2vec2/modeling_wav2vec2.py
#   (Wav2Vec2Encoder.forward): `for layer in self.layers: dropout_probability = torch.rand([]);
#   skip_the_layer = True if self.training and (dropout_probability < self.config.layerdrop) else
#   False; if not skip_the_layer or synced_gpus: layer_outputs = layer(hidden_states, ...)`.
# Look-alike: the tensor comparison is behind `self.training and ...`, which is False in an
#   exported (eval) model, so it is never evaluated: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, layers=3, layerdrop=0.1):
        super().__init__()
        self.layerdrop = layerdrop
        self.layers = nn.ModuleList(nn.Linear(dim, dim) for _ in range(layers))
        self.layer_norm = nn.LayerNorm(dim)

    def forward(self, hidden_states):
        synced_gpus = False
        for layer in self.layers:
            dropout_probability = torch.rand([])
            skip_the_layer = True if self.training and (dropout_probability < self.layerdrop) else False
            if not skip_the_layer or synced_gpus:
                hidden_states = hidden_states + torch.relu(layer(hidden_states))
        return self.layer_norm(hidden_states)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
