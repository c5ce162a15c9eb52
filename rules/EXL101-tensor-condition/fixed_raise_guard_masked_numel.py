import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Refuse an input with no positive score: the guard only raises, but how many elements
    the mask selects is data, and export cannot decide the test."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        scores = self.proj(x)
        selected = scores[scores > 0]

        def _failure_message():
            detail = f"no positive score among {scores.shape[0]} rows"
            return detail

        torch._check(torch.sym_not(selected.numel() == 0), _failure_message)  # expect: EXL101
        return scores * selected.mean()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(6, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
