import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Summarise the first half of a sequence (e.g. a prompt prefix).

    round() on a dynamic size exports, but torch.onnx has no translation for it.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        # x: (batch, seq, 6)
        half = (x.shape[1] + (x.shape[1] // 2) % 2) // 2  # expect: EXL302
        prefix = x[:, :half]
        return self.proj(prefix.mean(dim=1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 6),),
    (torch.randn(2, 13, 6),),
    (torch.randn(2, 4, 6),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
