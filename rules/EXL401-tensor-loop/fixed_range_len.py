import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Causal running average over time steps, one step at a time."""

    def forward(self, x):
        total = torch.zeros_like(x[0])

        def _scan_body(total, _step):
            i, x_i = _step
            total = total + x_i
            return total, total / (i + 1)

        _init = total.clone(memory_format=torch.contiguous_format)
        _xs = (torch.arange(x.shape[0], device=x.device), x)
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
        total, outputs = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        return outputs


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 2, 4),), (torch.randn(3, 2, 4),), (torch.randn(10, 2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
