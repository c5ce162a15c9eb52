import logging

import torch
from torch import nn
from torch.export import Dim

logger = logging.getLogger(__name__)

# An upsampling helper that reads the sizes as Python ints only to log a hint when the
# output size is not an exact multiple of the input: `int()` bakes the traced sizes and the
# tests on them add guards, although the result never depends on them.


def upsample_to(feature, reference, log_hint=True):
    if not torch.compiler.is_exporting() and log_hint:
        src = int(feature.shape[-1])  # expect: EXL301
        dst = int(reference.shape[-1])  # expect: EXL301
        if dst % src:
            logger.info("upsampling %d -> %d is not an integer factor", src, dst)
    return nn.functional.interpolate(feature, size=reference.shape[-1], mode="linear")


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.down = nn.Conv1d(3, 3, 3, stride=2, padding=1)

    def forward(self, signal):
        coarse = self.down(signal)
        return signal + upsample_to(coarse, signal)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 11),),
    (torch.randn(1, 3, 16),),
    (torch.randn(3, 3, 7),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
