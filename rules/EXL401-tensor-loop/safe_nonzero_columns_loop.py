import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A loop over the columns of a nonzero index list (`for c in idx.T`, `idx.unbind(1)`,
    `nonzero(as_tuple=True)`): one iteration per axis of the mask, a count fixed at trace
    time."""

    def forward(self, heat):
        idx = (heat > 0).nonzero()
        total = heat.new_zeros(())
        for coordinate in idx.T:
            total = total + coordinate.float().sum()
        for vector in (heat > 1).nonzero(as_tuple=True):
            total = total + vector.float().sum()
        ys, xs = idx.unbind(1)
        return total + heat[ys, xs].sum()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6),), (torch.randn(7, 5),), (torch.randn(3, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
