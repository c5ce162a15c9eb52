# Source: pytorch/pytorch issue #144691 "torch.cond + torch.non_zero does not work with
#   torch.export.export": a torch.cond whose branch returns the result of nonzero (a
#   data-dependent size) while the other branch returns a fixed size.
# Measured on torch 2.13: this exports, converts to ONNX and matches eager on unseen sizes
#   (the issue is fixed); kept as a look-alike that must stay silent.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def forward(self, x):
        def keep_nonzero(x):
            return x[x.nonzero()[:, 0]]

        def keep_all(x):
            return x.clone()

        return torch.cond(x.sum() > 0, keep_nonzero, keep_all, (x,))


example_inputs = [
    (torch.tensor([1.0, -2.0, 3.0, 0.5]),),
    (torch.tensor([-1.0, -2.0, 0.5, 0.25, -3.0, 1.0]),),
    (torch.tensor([2.0, 0.0, 1.0]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
