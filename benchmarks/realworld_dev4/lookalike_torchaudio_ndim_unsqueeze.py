# Source: pytorch/audio src/torchaudio/models/wav2vec2/components.py (FeatureExtractor.forward):
#   `if x.ndim != 2: raise ValueError(f"Expected the input Tensor to be 2D (batch, time). Found:
#   {list(x.shape)}")`, `x = x[:, None]  # (batch, channel==1, frame)`, `for layer in
#   self.conv_layers: x, length = layer(x, length)`.
# Look-alike: branching on the rank (`ndim`, `dim()`) is static under torch.export: exports with
#   dynamic batch and time and matches eager.
import torch
from torch import nn
from torch.export import Dim


class FeatureExtractor(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_layers = nn.ModuleList([nn.Conv1d(1, 4, 3, stride=2), nn.Conv1d(4, 4, 3, stride=2)])

    def forward(self, x):
        if x.ndim != 2:
            raise ValueError(f"Expected the input Tensor to be 2D (batch, time). Found: {list(x.shape)}")
        x = x[:, None]
        for layer in self.conv_layers:
            x = torch.nn.functional.gelu(layer(x))
        if x.dim() == 3:
            x = x.transpose(1, 2)
        return x


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.feature_extractor = FeatureExtractor()

    def forward(self, waveforms):
        return self.feature_extractor(waveforms)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 40),), (torch.randn(1, 57),), (torch.randn(3, 33),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
