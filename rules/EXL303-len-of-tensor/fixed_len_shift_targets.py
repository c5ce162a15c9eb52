import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Next-step regression on a time series: predict frame t+1 from frame t.

    The slice bound len(series) - 1 becomes a constant in the exported graph.
    """

    def __init__(self):
        super().__init__()
        self.rnn_cell = torch.nn.Linear(4, 4)

    def forward(self, series):
        # series: (time, 4)
        pred = torch.tanh(self.rnn_cell(series))
        inputs = pred[: series.shape[0] - 1]  # expect: EXL303
        targets = series[1:]
        return F.mse_loss(inputs, targets)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 4),), (torch.randn(10, 4),), (torch.randn(3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
