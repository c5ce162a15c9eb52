"""torch.export tutorial, "Data-dependent errors": Foo branches on x.item() // 2 >= 5 with
nothing telling torch.export the value's range."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        if a // 2 >= 5:
            return y + 2
        else:
            return y * 5


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(4))]
