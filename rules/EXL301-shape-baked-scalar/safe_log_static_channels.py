import logging

import torch
from torch import nn
from torch.export import Dim

logger = logging.getLogger(__name__)

# The look-alike: the logged numbers are channel counts fixed by the weights, not sizes that
# change with the input.


def upsample_to(feature, reference, log_hint=True):
    if log_hint:
        channels = int(feature.shape[1])
        if channels % 2:
            logger.info("odd channel count %d", channels)
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
