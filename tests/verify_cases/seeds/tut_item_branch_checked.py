"""torch.export tutorial, "Data-dependent errors": the branch on x.item() with
torch._check(a >= 10) and torch._check(a <= 60): the branch is decided at export."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        torch._check(a >= 10)
        torch._check(a <= 60)
        if a // 2 >= 5:
            return y + 2
        else:
            return y * 5


model = Foo()
example_inputs = [(torch.tensor(32), torch.randn(4))]
