"""torch.export tutorial, "IR/Decompositions": DecompExample, Conv2d + BatchNorm2d."""

import torch


class DecompExample(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 3, 1, 1)
        self.bn = torch.nn.BatchNorm2d(3)

    def forward(self, x):
        x = self.conv(x)
        x = self.bn(x)
        return (x,)


model = DecompExample()
example_inputs = [(torch.randn(1, 1, 3, 3),)]
