"""torch.export tutorial, "Control Flow Ops": MapModule, torch's `map` over the first dim."""

import torch
from torch._higher_order_ops.map import map as torch_map


class MapModule(torch.nn.Module):
    def forward(self, xs, y, z):
        def body(x, y, z):
            return x + y + z

        return torch_map(body, xs, y, z)


model = MapModule()
example_inputs = [(torch.ones(6, 4), torch.tensor(5), torch.tensor(4))]
