"""torch.export tutorial, "Data-dependent errors": Foo returns y.tolist() + [x.item()]."""

import torch


class Foo(torch.nn.Module):
    def forward(self, x, y):
        a = x.item()
        b = y.tolist()
        return b + [a]  # noqa: RUF005  (the tutorial's code, as it is)


model = Foo()
example_inputs = [(torch.tensor(1), torch.tensor([2, 3]))]
