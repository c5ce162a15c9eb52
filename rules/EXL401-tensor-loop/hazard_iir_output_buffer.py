import torch
from torch.export import Dim
from torch.nn import functional as F


def _recursive_part(excitation, feedback, history):
    """y[n] = x[n] - sum_k a[k] * y[n - k], written sample by sample into a zero-padded
    output buffer the caller reads afterwards."""
    order = feedback.shape[0]
    for n, sample in enumerate(excitation.transpose(0, 1)):  # expect: EXL401
        past = history[:, n : n + order]
        sample -= past @ feedback
        history[:, n + order] = sample


class Model(torch.nn.Module):
    """A two-pole IIR filter over (batch, time) signals."""

    def __init__(self):
        super().__init__()
        self.register_buffer("feedback", torch.tensor([0.25, -0.6]))

    def forward(self, signal):
        order = self.feedback.shape[0]
        history = F.pad(torch.zeros_like(signal), [order, 0])
        _recursive_part(signal.clone(), self.feedback, history)
        return history[:, order:]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 7),), (torch.randn(3, 12),), (torch.randn(1, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
