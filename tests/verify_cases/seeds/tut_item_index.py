"""torch.export tutorial, "Data-dependent errors": y[x.item()] without torch._check."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        return y[a]


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(60))]
