import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """ExportDB user_input_mutation: directly mutate the user input in forward."""

    def forward(self, x):
        x = x.mul(2)  # expect: EXL501
        return x.cos()


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 2),), (torch.randn(5, 2),), (torch.randn(8, 2),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
