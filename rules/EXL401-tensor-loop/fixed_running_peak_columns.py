import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A leaky running peak over the columns of a spectrogram, written into a preallocated
    output column by column."""

    def forward(self, spec):
        envelope = torch.empty_like(spec)
        level = spec[:, :, 0]

        def _scan_body(level, spec_col):
            level = torch.maximum(spec_col, 0.8 * level)
            return level, level.clone()

        _init = level.clone(memory_format=torch.contiguous_format)
        _xs = spec.movedim(2, 0)
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), _xs.detach()
        level, _envelope_steps = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        envelope[:, :, :spec.size(2)] = _envelope_steps.movedim(0, 2)
        return envelope - spec


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 6),), (torch.randn(1, 3, 11),), (torch.randn(3, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
