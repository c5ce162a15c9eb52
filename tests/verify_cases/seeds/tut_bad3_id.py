"""torch.export tutorial, "Non-Strict Export": Bad3, `x + id(x)`.

Non-strict export traces through `id(x)` and bakes the traced run's value into the graph as a
constant: the exported program is wrong on every later call. The values are near 1e14, so a
relative tolerance would hide the difference; two eager runs differ, which shows it.
"""

import torch


class Bad3(torch.nn.Module):
    def forward(self, x):
        x = x + 1
        return x + id(x)


model = Bad3()
example_inputs = [(torch.randn(3, 3),)]
