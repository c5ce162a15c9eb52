import torch
from torch import nn
from torch.export import Dim

# A memory-saving helper that wraps a layer so it runs over the sequence in slices; with no
# slice size it hands the layer back unchanged. The wrapper's Python loop runs once per slice
# of the dynamic sequence length: export unrolls it for the traced length.


def sliced(layer, size=None):
    if size is None:
        return layer

    def apply(x):

        def _scan_body(_nothing, x_start):
            return _nothing.clone(), layer(x_start.movedim(-1, 1))

        _init = torch.zeros(())
        _xs = x.unfold(1, size, size).movedim(1, 0)
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), _xs.detach()
        _, pieces = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        return pieces.movedim(0, 1).flatten(1, 2)

    return apply


class Model(nn.Module):
    def __init__(self, dim=6, slice_size=4):
        super().__init__()
        self.ffn = nn.Sequential(nn.Linear(dim, 12), nn.GELU(), nn.Linear(12, dim))
        self.slice_size = slice_size

    def forward(self, x):
        # x: (batch, time, dim)
        return x + sliced(self.ffn, self.slice_size)(x)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(1, 14, 6),),
    (torch.randn(3, 5, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
