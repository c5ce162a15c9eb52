import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """DeepSpeech-style MaskConv on a 1-d convolution: the steps past each sequence's
    length are zeroed, the mask filled row by row with `narrow(...).fill_(1)`."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(3, 5, kernel_size=3, padding=1)

    def forward(self, x, lengths):
        x = self.conv(x)
        mask = torch.zeros_like(x, dtype=torch.bool)
        # expect: EXL401
        # expect: EXL201
        # expect: EXL101
        mask[(torch.arange(mask.shape[2], device=mask.device).view(-1, *[1] * (mask.dim() - 3)) >= lengths.view(-1, *[1] * (mask.dim() - 1))).expand_as(mask)] = True
        return x.masked_fill(mask, 0.0).sum(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 7), torch.tensor([7, 4])),
    (torch.randn(3, 3, 10), torch.tensor([3, 10, 6])),
]
dynamic_shapes = ({0: Dim("b"), 2: Dim.DYNAMIC}, {0: Dim("b")})
