# Source: huggingface/transformers src/transformers/models/swin/modeling_swin.py (SwinLayer.forward):
#   `hidden_states = hidden_states.view(batch_size, height, width, channels)`, `hidden_states,
#   pad_values = self.maybe_pad(hidden_states, height, width)`, `if self.shift_size > 0:
#   shifted_hidden_states = torch.roll(hidden_states, shifts=(-self.shift_size, -self.shift_size),
#   dims=(1, 2))`, ..., `attention_windows = torch.roll(shifted_windows, shifts=(self.shift_size,
#   self.shift_size), dims=(1, 2))`; transformers' ONNX exporter patches torch.roll
#   (exporters/exporter_onnx.py `_patch_roll`: "ORT rejects the graph with ShapeInferenceError").
# Look-alike: the roll shifts are constants (the shift size), only the rolled axes are dynamic:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class SwinLayer(nn.Module):
    def __init__(self, dim=4, shift_size=1):
        super().__init__()
        self.shift_size = shift_size
        self.layernorm_before = nn.LayerNorm(dim)
        self.mix = nn.Linear(dim, dim)

    def forward(self, hidden_states, input_dimensions):
        height, width = input_dimensions
        batch_size, _, channels = hidden_states.size()
        shortcut = hidden_states
        hidden_states = self.layernorm_before(hidden_states)
        hidden_states = hidden_states.view(batch_size, height, width, channels)
        if self.shift_size > 0:
            shifted_hidden_states = torch.roll(hidden_states, shifts=(-self.shift_size, -self.shift_size), dims=(1, 2))
        else:
            shifted_hidden_states = hidden_states
        attention_windows = self.mix(shifted_hidden_states)
        if self.shift_size > 0:
            attention_windows = torch.roll(attention_windows, shifts=(self.shift_size, self.shift_size), dims=(1, 2))
        attention_windows = attention_windows.view(batch_size, height * width, channels)
        return shortcut + attention_windows


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Conv2d(3, 4, 2, 2)
        self.layer = SwinLayer()

    def forward(self, pixel_values):
        embeddings = self.embed(pixel_values)
        _, _, height, width = embeddings.shape
        embeddings = embeddings.flatten(2).transpose(1, 2)
        return self.layer(embeddings, (height, width))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 12, 6),), (torch.randn(3, 3, 10, 14),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
