"""torch.export tutorial, "Specialized values": torch.cat over range(x.item()) and int(a)."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        b = torch.cat([y for y in range(a)], dim=0)
        return b + int(a)


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(60))]
