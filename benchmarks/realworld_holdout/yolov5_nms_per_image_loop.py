# Source: ultralytics/yolov5 utils/general.py (non_max_suppression): `xc = prediction[..., 4] >
#   conf_thres`, `output = [torch.zeros((0, 6), device=prediction.device)] * bs`, `for xi, x in
#   enumerate(prediction): x = x[xc[xi]]; if not x.shape[0]: continue; x[:, 5:] *= x[:, 4:5];
#   box = xywh2xyxy(x[:, :4]); conf, j = x[:, 5:].max(1, keepdim=True); ...` (the NMS call is
#   replaced by a top-k on the scores; yolov5 issues on ONNX export with NMS in the graph).
# What fails: the Python loop over the images bakes the batch size, and `if not x.shape[0]`
#   tests a size that depends on the data (the boxes above the threshold).
import torch
from torch import nn
from torch.export import Dim


def xywh2xyxy(x):
    y = x.clone()
    y[..., 0] = x[..., 0] - x[..., 2] / 2
    y[..., 1] = x[..., 1] - x[..., 3] / 2
    y[..., 2] = x[..., 0] + x[..., 2] / 2
    y[..., 3] = x[..., 1] + x[..., 3] / 2
    return y


class Model(nn.Module):
    def __init__(self, conf_thres=0.25, max_det=4):
        super().__init__()
        self.conf_thres = conf_thres
        self.max_det = max_det

    def forward(self, prediction):
        bs = prediction.shape[0]
        xc = prediction[..., 4] > self.conf_thres
        output = [torch.zeros((0, 6), device=prediction.device)] * bs  # expect: NONE-list-times-size
        for xi, x in enumerate(prediction):  # expect: EXL401
            x = x[xc[xi]]
            if not x.shape[0]:  # expect: EXL101
                continue
            x[:, 5:] *= x[:, 4:5]
            box = xywh2xyxy(x[:, :4])
            conf, j = x[:, 5:].max(1, keepdim=True)
            x = torch.cat((box, conf, j.float()), 1)
            x = x[x[:, 4].argsort(descending=True)[: self.max_det]]
            output[xi] = x
        return torch.cat(output)


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 10, 8),),
    (torch.rand(3, 6, 8),),
    (torch.rand(4, 12, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
