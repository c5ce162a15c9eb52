import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A leaky running peak over the columns of a spectrogram, written into a preallocated
    output column by column."""

    def forward(self, spec):
        envelope = torch.empty_like(spec)
        level = spec[:, :, 0]
        for col in range(spec.size(2)):  # expect: EXL401
            level = torch.maximum(spec[:, :, col], 0.8 * level)
            envelope[:, :, col] = level
        return envelope - spec


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 6),), (torch.randn(1, 3, 11),), (torch.randn(3, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
