import torch
from torch.export import Dim
from torch.nn import functional as F


def _recursive_part(excitation, feedback, history):
    """y[n] = x[n] - sum_k a[k] * y[n - k], written sample by sample into a zero-padded
    output buffer the caller reads afterwards."""
    order = feedback.shape[0]

    def _scan_body(history, _step):
        n, sample = _step
        past = history.index_select(1, n + torch.arange(order, device=n.device))
        sample = sample - (past @ feedback)
        history = history.index_copy(1, (n + order).reshape(1), sample.unsqueeze(1))
        return history, ()

    _init = history.clone(memory_format=torch.contiguous_format)
    _xs = (
        torch.arange(excitation.transpose(0, 1).shape[0], device=excitation.transpose(0, 1).device),
        excitation.transpose(0, 1),
    )
    if torch.compiler.is_exporting():
        # torch.onnx converts scan only if its inputs need no gradients
        _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
    _history, _ = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
    history.copy_(_history)


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
