"""torch.export tutorial, "Basic Usage": MyModule (Linear(100, 10) and an in-place relu)."""

import torch


class MyModule(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(100, 10)

    def forward(self, x, y):
        return torch.nn.functional.relu(self.lin(x + y), inplace=True)


model = MyModule()
example_inputs = [(torch.randn(8, 100), torch.randn(8, 100))]
