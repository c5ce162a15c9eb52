import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Elman RNN cell unrolled by hand over the time axis (batch_first)."""

    def __init__(self):
        super().__init__()
        self.hidden_size = 20
        self.ih = torch.nn.Linear(10, 20)
        self.hh = torch.nn.Linear(20, 20, bias=False)
        self.readout = torch.nn.Linear(20, 3)

    def forward(self, x):
        h = x.new_zeros(x.size(0), self.hidden_size)

        def _scan_body(h, x_t):
            h = torch.tanh(self.ih(x_t) + self.hh(h))
            return h, h.clone()

        _init = h
        _xs = x.movedim(1, 0)
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), _xs.detach()
        h, states = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        seq = states.movedim(0, 1)
        return self.readout(seq), h


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 7, 10),), (torch.randn(3, 4, 10),), (torch.randn(4, 12, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
