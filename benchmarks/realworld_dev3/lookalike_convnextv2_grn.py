# Source: facebookresearch/ConvNeXt-V2 models/utils.py (GRN.forward) and transformers
#   models/convnextv2/modeling_convnextv2.py (ConvNextV2GRN.forward): `global_features =
#   torch.linalg.vector_norm(hidden_states, ord=2, dim=(1, 2), keepdim=True)`, `norm_features =
#   global_features / (global_features.mean(dim=-1, keepdim=True) + 1e-6)`, `hidden_states =
#   self.weight * (hidden_states * norm_features) + self.bias + hidden_states`.
# Look-alike: a norm over the dynamic spatial axes (a reduction, torch.linalg in name only):
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class ConvNextV2GRN(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(1, 1, 1, dim))
        self.bias = nn.Parameter(torch.rand(1, 1, 1, dim))

    def forward(self, hidden_states):
        global_features = torch.linalg.vector_norm(hidden_states, ord=2, dim=(1, 2), keepdim=True)
        norm_features = global_features / (global_features.mean(dim=-1, keepdim=True) + 1e-6)
        hidden_states = self.weight * (hidden_states * norm_features) + self.bias + hidden_states
        return hidden_states


class Model(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.dwconv = nn.Conv2d(3, dim, 3, padding=1)
        self.grn = ConvNextV2GRN(dim)

    def forward(self, x):
        x = self.dwconv(x).permute(0, 2, 3, 1)
        return self.grn(x).permute(0, 3, 1, 2)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 5, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
