"""torch.export tutorial, "Data-dependent errors": y[x.item()] with torch._check(a >= 0) and
torch._check(a < y.shape[0])."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        torch._check(a >= 0)
        torch._check(a < y.shape[0])
        return y[a]


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(60))]
