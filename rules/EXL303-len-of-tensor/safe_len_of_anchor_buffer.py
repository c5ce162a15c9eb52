import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A detection head that counts its anchors and classes with `len()` of a buffer and of a
    parameter, and of a tensor it builds with constant sizes: all static."""

    def __init__(self):
        super().__init__()
        self.register_buffer("anchors", torch.tensor([[10.0, 13.0], [16.0, 30.0], [33.0, 23.0]]))
        self.class_bias = torch.nn.Parameter(torch.zeros(4))
        self.head = torch.nn.Conv2d(8, 3 * (4 + 4), 1)

    def forward(self, feats):
        num_anchors = len(self.anchors)
        num_classes = len(self.class_bias)
        offsets = torch.zeros(2, 4)
        b, _, h, w = feats.shape
        out = self.head(feats).view(b, num_anchors, num_classes + 4, h, w)
        scores = out[:, :, :num_classes] + self.class_bias.view(1, 1, -1, 1, 1)
        return scores * len(offsets), out[:, :, num_classes:] * self.anchors.mean()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 5, 6),),
    (torch.randn(3, 8, 4, 7),),
    (torch.randn(2, 8, 9, 3),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
