import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Speech-encoder frame stacking: merge pairs of consecutive frames.

    x.view(x.shape[0] // 2, 2, -1) keeps the size symbolic (inputs have even length).
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(2 * 5, 7)

    def forward(self, frames):
        # frames: (time, 5), time is even
        stacked = frames.view(frames.shape[0] // 2, 2, -1)
        stacked = stacked.flatten(1)
        return torch.relu(self.proj(stacked))


torch.manual_seed(0)
example_inputs = [(torch.randn(8, 5),), (torch.randn(14, 5),), (torch.randn(4, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
