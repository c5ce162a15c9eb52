import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Iterated refinement: `steps` is a Python int input, and the input sets use other
    values. torch.export bakes the traced one ("Guard failed: steps == 2") and the ONNX model
    always runs two steps."""

    def __init__(self):
        super().__init__()
        self.cell = torch.nn.Linear(8, 8)

    def forward(self, x, steps: int):
        for _ in range(steps):
            x = torch.tanh(self.cell(x))
        return x


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), 2),
    (torch.randn(5, 8), 3),  # expect: EXL601
    (torch.randn(3, 8), 2),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
