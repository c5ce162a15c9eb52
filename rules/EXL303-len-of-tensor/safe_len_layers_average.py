import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Residual MLP stack that averages the hidden states of all layers (ELMo-style mix).

    len(self.layers) is the length of a ModuleList: a constant.
    """

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            [torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Tanh()) for _ in range(3)]
        )

    def forward(self, x):
        # x: (batch, 8)
        total = torch.zeros_like(x)
        for layer in self.layers:
            x = x + layer(x)
            total = total + x
        return total / len(self.layers)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(9, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
