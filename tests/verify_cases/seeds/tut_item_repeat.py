"""torch.export tutorial, "Specialized values": the rewrite with y.unsqueeze(0).repeat(a, 1)."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        b = y.unsqueeze(0).repeat(a, 1)
        return b + a


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(60))]
