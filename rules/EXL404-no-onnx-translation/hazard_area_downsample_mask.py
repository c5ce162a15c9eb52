import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Downsample a soft segmentation mask to the feature resolution and gate the features.

    mode="area" is an adaptive average pool: torch.onnx writes it with the pooling window
    of the traced size, so the ONNX model is wrong at other sizes.
    """

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, stride=2, padding=1)

    def forward(self, image):
        # image: (batch, 3, height, width)
        feats = self.conv(image)
        mask = image[:, :1].sigmoid()
        small = F.interpolate(mask, size=feats.shape[-2:], mode="area")  # expect: EXL404
        return feats * small


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 10),),
    (torch.randn(3, 3, 19, 15),),
    (torch.randn(2, 3, 8, 14),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
