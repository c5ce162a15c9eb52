import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The same encoder without packing: the LSTM runs over the padded batch (fixed time
    axis, dynamic batch) and the padded steps are masked from the lengths with tensor ops."""

    def __init__(self, dim=4):
        super().__init__()
        self.lstm = nn.LSTM(dim, dim, batch_first=True)

    def forward(self, x, lengths):
        out, _ = self.lstm(x)
        steps = torch.arange(x.shape[1], device=x.device)
        return out * (steps[None, :] < lengths[:, None])[..., None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 4), torch.tensor([6, 4])),
    (torch.randn(3, 6, 4), torch.tensor([6, 6, 2])),
    (torch.randn(4, 6, 4), torch.tensor([6, 5, 3, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
