import torch
from torch import nn
from torch.export import Dim


class LocalEncoder(nn.Module):
    """An encoder restricted to a local window (a speech / time-series model's banded
    attention), the mask passed by keyword in a black-style call: nn.TransformerEncoder still
    compares the band with a causal mask in Python."""

    def __init__(self, d_model=8, nhead=2, window=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.window = window

    def forward(self, x):
        steps = torch.arange(x.shape[1])
        band = (steps[None, :] - steps[:, None]).abs() > self.window
        return self.encoder(  # expect: EXL101
            x,
            mask=band,  # True: not attended
            is_causal=False,
        )


Model = LocalEncoder
torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC},)
