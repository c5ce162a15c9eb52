import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Prefix tuning: a run-time number of learned prefix vectors is prepended to the sequence."""

    def __init__(self):
        super().__init__()
        self.prefix = torch.nn.Embedding(8, 16)
        self.proj = torch.nn.Linear(16, 16)

    def forward(self, x, num_prefix):
        # x: (batch, seq, 16); num_prefix: 0-d int64 tensor
        prefix_ids = torch.arange(num_prefix.item())  # expect: EXL201
        prefix = self.prefix(prefix_ids)[None].expand(x.shape[0], -1, -1)
        h = torch.cat([prefix, x], dim=1)
        return self.proj(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 16), torch.tensor(3)),
    (torch.randn(3, 9, 16), torch.tensor(6)),
    (torch.randn(2, 4, 16), torch.tensor(2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
