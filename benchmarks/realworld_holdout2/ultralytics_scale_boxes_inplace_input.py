# Source: ultralytics/ultralytics ultralytics/utils/ops.py (scale_boxes and clip_boxes,
#   paraphrased): `gain = min(img1_shape[0] / img0_shape[0], img1_shape[1] / img0_shape[1])`, `pad =
#   (round((img1_shape[1] - img0_shape[1] * gain) / 2 - 0.1), round((img1_shape[0] -
#   img0_shape[0] * gain) / 2 - 0.1))`, `boxes[..., 0] -= pad[0]; boxes[..., 1] -= pad[1]`,
#   `boxes[..., :4] /= gain`, `return clip_boxes(boxes, img0_shape)`; `def clip_boxes(boxes, shape):
#   if isinstance(boxes, torch.Tensor): boxes[..., 0] = boxes[..., 0].clamp(0, shape[1]); ...`.
#   (Here the letterbox gain and pad are fixed model attributes.)
# What fails: the boxes argument is rescaled in place: a forward input is mutated.
import torch
from torch import nn
from torch.export import Dim


def clip_boxes(boxes, shape):
    boxes[..., 0] = boxes[..., 0].clamp(0, shape[1])  # expect: EXL501
    boxes[..., 1] = boxes[..., 1].clamp(0, shape[0])  # expect: EXL501
    boxes[..., 2] = boxes[..., 2].clamp(0, shape[1])  # expect: EXL501
    boxes[..., 3] = boxes[..., 3].clamp(0, shape[0])  # expect: EXL501
    return boxes


class Model(nn.Module):
    def __init__(self, img0_shape=(48, 64), gain=0.5, pad=(0, 4)):
        super().__init__()
        self.img0_shape, self.gain, self.pad = img0_shape, gain, pad
        self.score = nn.Linear(4, 1)

    def forward(self, boxes):
        boxes[..., 0] -= self.pad[0]  # expect: EXL501
        boxes[..., 1] -= self.pad[1]  # expect: EXL501
        boxes[..., :4] /= self.gain  # expect: EXL501
        boxes = clip_boxes(boxes, self.img0_shape)
        return torch.cat([boxes, self.score(boxes).sigmoid()], dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 5, 4) * 32,), (torch.rand(3, 8, 4) * 40,), (torch.rand(1, 3, 4) * 20,)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
