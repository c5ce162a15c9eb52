import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """An LSTM over a fixed window of 5 readings per sample; only the batch is dynamic.

    The time loop is unrolled over 5 steps at every batch size: export keeps the batch
    symbolic and the program is right for any batch.
    """

    def __init__(self):
        super().__init__()
        self.encoder = nn.LSTM(8, 6, batch_first=True)

    def forward(self, readings):
        states, (h, _) = self.encoder(readings)
        return states[:, -1] + h[0]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8),),
    (torch.randn(3, 5, 8),),
    (torch.randn(7, 5, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
