"""torch.export tutorial, "Control Flow Ops": Bad1Fixed, the same branch with torch.cond."""

import torch


class Bad1Fixed(torch.nn.Module):
    def forward(self, x):
        def true_fn(x):
            return torch.sin(x)

        def false_fn(x):
            return torch.cos(x)

        return torch.cond(x.sum() > 0, true_fn, false_fn, [x])


model = Bad1Fixed()
example_inputs = [(torch.ones(3, 3),), (-torch.ones(3, 3),)]
