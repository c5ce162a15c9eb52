# Source: NVIDIA/Megatron-LM megatron/core/fusions/fused_bias_gelu.py: `@jit_fuser def
#   bias_gelu(bias, y): x = bias + y; return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 +
#   0.044715 * x * x)))` with `jit_fuser = torch.jit.script` on older torch; the same
#   `@torch.jit.script` helpers sat in transformers' DeBERTa (`c2p_dynamic_expand`) and GPT-NeoX.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: torch.export cannot trace into a TorchScript function (a ScriptFunction call).
import torch
from torch import nn
from torch.export import Dim


@torch.jit.script
def bias_gelu(bias, y):
    x = bias + y
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))


class MLP(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.fc1 = nn.Linear(hidden, hidden * 2, bias=False)
        self.bias = nn.Parameter(torch.zeros(hidden * 2))
        self.fc2 = nn.Linear(hidden * 2, hidden)

    def forward(self, x):
        intermediate = bias_gelu(self.bias, self.fc1(x))
        return self.fc2(intermediate)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.mlp = MLP()

    def forward(self, x):
        return self.mlp(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 7, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
