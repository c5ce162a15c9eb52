# Source: open-mmlab/mmpose mmpose/codecs/utils/post_processing.py (get_simcc_maximum) and
#   mmpose/models/heads/coord_cls_heads/rtmcc_head.py (RTMCCHead.predict -> decode,
#   paraphrased): `N, K, Wx = simcc_x.shape; simcc_x = simcc_x.reshape(N * K, -1); simcc_y =
#   simcc_y.reshape(N * K, -1)`, `x_locs = np.argmax(simcc_x, axis=1); y_locs = np.argmax(simcc_y,
#   axis=1)`, `locs = np.stack((x_locs, y_locs), axis=-1).astype(np.float32)`, `max_val_x =
#   np.amax(simcc_x, axis=1)`, `vals = np.minimum(max_val_x, max_val_y)`, `locs[vals <= 0.] = -1`;
#   the head hands it `to_numpy(simcc_x)`.
# What fails: the decoding leaves torch: the logits go to numpy (`.cpu().numpy()`) and the
#   keypoints come back with `torch.from_numpy`, so export sees constants.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def get_simcc_maximum(simcc_x, simcc_y):
    N, K, Wx = simcc_x.shape
    simcc_x = simcc_x.reshape(N * K, -1)
    simcc_y = simcc_y.reshape(N * K, -1)
    x_locs = np.argmax(simcc_x, axis=1)
    y_locs = np.argmax(simcc_y, axis=1)
    locs = np.stack((x_locs, y_locs), axis=-1).astype(np.float32)
    max_val_x = np.amax(simcc_x, axis=1)
    max_val_y = np.amax(simcc_y, axis=1)
    vals = np.minimum(max_val_x, max_val_y)
    locs[vals <= 0.0] = -1
    return locs.reshape(N, K, 2), vals.reshape(N, K)


class Model(nn.Module):
    def __init__(self, channels=4, keypoints=3, wx=16, wy=12):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d((4, 4))
        self.mlp_x = nn.Linear(channels * 16, keypoints * wx)
        self.mlp_y = nn.Linear(channels * 16, keypoints * wy)
        self.k, self.wx, self.wy = keypoints, wx, wy

    def forward(self, feats):
        flat = self.pool(feats).flatten(1)  # expect: EXL404
        simcc_x = self.mlp_x(flat).view(-1, self.k, self.wx)
        simcc_y = self.mlp_y(flat).view(-1, self.k, self.wy)
        locs, vals = get_simcc_maximum(simcc_x.detach().cpu().numpy(), simcc_y.detach().cpu().numpy())  # expect: EXL202
        return torch.from_numpy(locs) * 2.0, torch.from_numpy(vals)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(3, 4, 12, 10),), (torch.randn(1, 4, 9, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
