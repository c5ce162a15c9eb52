import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Conv1d encoder that accepts (time, channels) or (batch, time, channels).

    len(x.shape) is the rank of the input, which export treats as static.
    """

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(4, 6, kernel_size=3, padding=1)

    def forward(self, x):
        if len(x.shape) == 2:
            x = x.unsqueeze(0)
        h = self.conv(x.transpose(1, 2))  # (batch, 6, time)
        return torch.relu(h).mean(dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(7, 4),), (torch.randn(12, 4),), (torch.randn(3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
