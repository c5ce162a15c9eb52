# Source: open-mmlab/mmaction2 mmaction/models/backbones/resnet_tsm.py (TemporalShift.forward and
#   TemporalShift.shift, paraphrased): `x = self.shift(x, self.num_segments, shift_div=self.shift_div)`,
#   `return self.net(x)`; shift: `n, c, h, w = x.size()`, `x = x.view(-1, num_segments, c, h * w)`,
#   `fold = c // shift_div`, `left_split = x[:, :, :fold, :]`, `mid_split = x[:, :, fold:2 * fold, :]`,
#   `right_split = x[:, :, 2 * fold:, :]`, `zeros = left_split - left_split`, `blank = zeros[:, :1, :,
#   :]`, `left_split = left_split[:, 1:, :, :]`, `left_split = torch.cat((left_split, blank), 1)`,
#   `zeros = mid_split - mid_split`, `blank = zeros[:, :1, :, :]`, `mid_split = mid_split[:, :-1, :,
#   :]`, `mid_split = torch.cat((blank, mid_split), 1)`, `out = torch.cat((left_split, mid_split,
#   right_split), 2)`, `return out.view(n, c, h, w)`.
# Look-alike: `view(-1, num_segments, ...)` of the flattened clip batch, `c // shift_div` and
#   slices by `fold` look like sizes frozen into Python numbers, but `num_segments` and the
#   channel count are static and the batch and spatial sizes stay symbolic: exports and matches
#   eager on unseen batch and frame sizes.
import torch
from torch import nn
from torch.export import Dim


class TemporalShift(nn.Module):
    def __init__(self, net, num_segments=4, shift_div=4):
        super().__init__()
        self.net = net
        self.num_segments = num_segments
        self.shift_div = shift_div

    def forward(self, x):
        x = self.shift(x, self.num_segments, shift_div=self.shift_div)
        return self.net(x)

    @staticmethod
    def shift(x, num_segments, shift_div=3):
        n, c, h, w = x.size()
        x = x.view(-1, num_segments, c, h * w)
        fold = c // shift_div
        left_split = x[:, :, :fold, :]
        mid_split = x[:, :, fold : 2 * fold, :]
        right_split = x[:, :, 2 * fold :, :]
        zeros = left_split - left_split
        blank = zeros[:, :1, :, :]
        left_split = left_split[:, 1:, :, :]
        left_split = torch.cat((left_split, blank), 1)
        zeros = mid_split - mid_split
        blank = zeros[:, :1, :, :]
        mid_split = mid_split[:, :-1, :, :]
        mid_split = torch.cat((blank, mid_split), 1)
        out = torch.cat((left_split, mid_split, right_split), 2)
        return out.view(n, c, h, w)


class Model(nn.Module):
    def __init__(self, num_segments=4):
        super().__init__()
        self.num_segments = num_segments
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.block = TemporalShift(nn.Conv2d(8, 8, 3, padding=1), num_segments=num_segments)
        self.fc = nn.Linear(8, 5)

    def forward(self, imgs):
        b = imgs.shape[0]
        x = imgs.reshape((-1,) + imgs.shape[2:])
        x = self.block(self.stem(x))
        x = x.mean(dim=(2, 3)).view(b, self.num_segments, -1).mean(dim=1)
        return self.fc(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 3, 12, 10),), (torch.randn(3, 4, 3, 9, 14),), (torch.randn(1, 4, 3, 16, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 3: Dim.DYNAMIC, 4: Dim.DYNAMIC},)
