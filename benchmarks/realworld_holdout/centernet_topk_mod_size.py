# Source: xingyizhou/CenterNet src/lib/models/decode.py (_nms, _topk, _gather_feat):
#   `hmax = nn.functional.max_pool2d(heat, (kernel, kernel), stride=1, padding=pad)`, `keep =
#   (hmax == heat).float()`, `topk_scores, topk_inds = torch.topk(scores.view(batch, cat, -1), K)`,
#   `topk_inds = topk_inds % (height * width)`, `topk_ys = (topk_inds / width).int().float()`,
#   `topk_clses = (topk_ind / K).int()`.
# What fails: `topk_inds % (height * width)` and `% width`, a tensor remainder by a dynamic
#   size: torch.export works, torch.onnx fails ("int() argument must be ... not
#   'SymbolicTensor'", measured on torch 2.13; `/` and `//` by the size convert).
import torch
from torch import nn
from torch.export import Dim


def _nms(heat, kernel=3):
    pad = (kernel - 1) // 2
    hmax = nn.functional.max_pool2d(heat, (kernel, kernel), stride=1, padding=pad)
    keep = (hmax == heat).float()
    return heat * keep


def _gather_feat(feat, ind):
    dim = feat.size(2)
    ind = ind.unsqueeze(2).expand(ind.size(0), ind.size(1), dim)
    return feat.gather(1, ind)


def _topk(scores, K=5):
    batch, cat, height, width = scores.size()
    topk_scores, topk_inds = torch.topk(scores.view(batch, cat, -1), K)
    topk_inds = topk_inds % (height * width)  # expect: NONE-tensor-mod-size
    topk_ys = (topk_inds / width).int().float()
    topk_xs = (topk_inds % width).int().float()  # expect: NONE-tensor-mod-size
    topk_score, topk_ind = torch.topk(topk_scores.view(batch, -1), K)
    topk_clses = (topk_ind / K).int()
    topk_ys = _gather_feat(topk_ys.view(batch, -1, 1), topk_ind).view(batch, K)
    topk_xs = _gather_feat(topk_xs.view(batch, -1, 1), topk_ind).view(batch, K)
    return topk_score, topk_clses, topk_ys, topk_xs


class Model(nn.Module):
    def __init__(self, num_classes=3):
        super().__init__()
        self.hm = nn.Conv2d(4, num_classes, 3, padding=1)

    def forward(self, features):
        heat = _nms(torch.sigmoid(self.hm(features)))
        scores, clses, ys, xs = _topk(heat)
        return torch.stack([scores, clses.float(), ys, xs], dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 6, 7),), (torch.randn(1, 4, 9, 5),), (torch.randn(3, 4, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
