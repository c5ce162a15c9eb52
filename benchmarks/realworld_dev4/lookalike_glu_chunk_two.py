# Source: huggingface/transformers src/transformers/activations.py (GLUActivation.forward) and
#   the GEGLU of diffusers models/activations.py: `hidden_states, gate =
#   self.proj(hidden_states).chunk(2, dim=-1)`, `return hidden_states * self.gelu(gate)`.
# Look-alike: `chunk(2)` on the static feature axis gives a fixed number of pieces; unpacking them
#   is not iteration over a dynamic axis: exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class GEGLU(nn.Module):
    def __init__(self, dim_in=4, dim_out=4):
        super().__init__()
        self.proj = nn.Linear(dim_in, dim_out * 2)

    def forward(self, hidden_states):
        hidden_states, gate = self.proj(hidden_states).chunk(2, dim=-1)
        a, *rest = torch.split(hidden_states, 2, dim=-1)
        return torch.cat([a, *rest], dim=-1) * F.gelu(gate)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.ff = GEGLU()

    def forward(self, x):
        return self.ff(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(1, 7, 4),), (torch.randn(3, 4, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
