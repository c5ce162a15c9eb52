"""torch.export tutorial, "Named Dims": Foo with dx, dy, d1 where the code needs dx == dy and
d1 == 4: torch.export raises (named Dims that come out static or equal)."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        w = x + y
        return w + torch.ones(4)


dx, dy, d1 = torch.export.dims("dx", "dy", "d1")
model = Foo()
example_inputs = [(torch.randn(6, 4), torch.randn(6, 4))]
dynamic_shapes = {"x": (dx, d1), "y": (dy, d1)}
