import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """An Elman RNN written with scan: the carried state and the per-step outputs are
    scan's, so the trip count is the input's length in the exported program."""

    def __init__(self):
        super().__init__()
        self.ih = torch.nn.Linear(6, 12)
        self.hh = torch.nn.Linear(12, 12, bias=False)

    def forward(self, x):
        def step(h, x_t):
            h = torch.tanh(self.ih(x_t) + self.hh(h))
            return h, h.clone()

        h0 = x.new_zeros(x.shape[0], 12)
        xs = x.movedim(1, 0)
        if torch.compiler.is_exporting():
            h0, xs = h0.detach(), xs.detach()
        h, states = torch._higher_order_ops.scan(step, h0, xs)
        return states.movedim(0, 1), h


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(3, 8, 6),), (torch.randn(4, 3, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
