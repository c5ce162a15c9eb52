import torch
from torch.export import Dim


class Layer(torch.nn.Module):
    """An encoder layer whose first instance takes features of another width (low frame rate
    audio features): the residual is kept only when the input already has the hidden size.
    The last axis is a feature width, fixed by the weights: the test is decided while tracing."""

    def __init__(self, in_dim, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.norm = torch.nn.LayerNorm(in_dim)
        self.proj = torch.nn.Linear(in_dim, hidden_size)

    def forward(self, hidden_states):
        residual = hidden_states if hidden_states.shape[-1] == self.hidden_size else None
        hidden_states = torch.relu(self.proj(self.norm(hidden_states)))
        if residual is not None:
            hidden_states = hidden_states + residual
        return hidden_states


class Model(torch.nn.Module):
    def __init__(self, in_dim=5, hidden_size=8):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            [Layer(in_dim, hidden_size), Layer(hidden_size, hidden_size)]
        )

    def forward(self, features):
        hidden_states = features
        for layer in self.layers:
            hidden_states = layer(hidden_states)
        return hidden_states


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 5),),
    (torch.randn(1, 12, 5),),
    (torch.randn(3, 3, 5),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
