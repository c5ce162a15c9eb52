import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Circular shift of each row's peak: the peak index wrapped around the row length.

    `index % length` with an integer tensor and a dynamic length exports, but torch.onnx
    cannot convert aten.remainder.Scalar with a symbolic length.
    """

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)

    def forward(self, frames):
        length = frames.size(1)
        peak = self.score(frames).squeeze(-1).argmax(dim=1)
        wrapped = torch.remainder(peak + 2, torch.tensor(length))  # expect: EXL404
        rows = torch.arange(frames.size(0))
        return frames[rows, wrapped]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 4),), (torch.randn(3, 9, 4),), (torch.randn(1, 5, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
