import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Residual MLP block whose helper decides at run time whether to rescale the update."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(10, 32)
        self.fc2 = torch.nn.Linear(32, 10)
        self.adaptive = True
        self.limit = 3.0

    def _maybe_rescale(self, update):
        if self.adaptive and update.abs().max() > self.limit:  # expect: EXL101
            update = update * (self.limit / update.abs().max())
        return update

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        if torch.isnan(h).any() or h.std() < 1e-6:  # expect: EXL101
            return x
        update = self._maybe_rescale(self.fc2(h))
        return x + update


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 10) * 5,),
    (torch.randn(6, 10),),
    (torch.randn(9, 10) * 0.1,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
