# Source: huggingface/transformers src/transformers/models/superpoint/modeling_superpoint.py
#   (top_k_keypoints and SuperPointInterestPointDecoder._extract_keypoints, paraphrased):
#   `def top_k_keypoints(keypoints, scores, k): if k >= len(keypoints): return keypoints, scores;
#   scores, indices = torch.topk(scores, k, dim=0); return keypoints[indices], scores`, and
#   `keypoints = torch.nonzero(scores[0] > self.keypoint_threshold)`, `scores =
#   scores[0][tuple(keypoints.t())]`, `if self.max_keypoints >= 0: keypoints, scores =
#   top_k_keypoints(keypoints, scores, self.max_keypoints)`.
# What fails: the number of keypoints comes out of `nonzero` (data-dependent); `k >=
#   len(keypoints)` compares it in Python, which export cannot decide.
import torch
from torch import nn
from torch.export import Dim


def top_k_keypoints(keypoints, scores, k):
    if k >= len(keypoints):  # expect: EXL303
        return keypoints, scores
    scores, indices = torch.topk(scores, k, dim=0)
    return keypoints[indices], scores


class Model(nn.Module):
    def __init__(self, max_keypoints=6, threshold=0.0):
        super().__init__()
        self.max_keypoints = max_keypoints
        self.keypoint_threshold = threshold
        self.detector = nn.Conv2d(1, 1, 3, padding=1)

    def forward(self, image):
        scores = self.detector(image)[:, 0]
        keypoints = torch.nonzero(scores[0] > self.keypoint_threshold)
        kp_scores = scores[0][tuple(keypoints.t())]
        keypoints, kp_scores = top_k_keypoints(keypoints, kp_scores, self.max_keypoints)
        return keypoints.float() * kp_scores.unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(1, 1, 8, 8),), (torch.randn(1, 1, 12, 10),), (torch.randn(1, 1, 9, 14),)]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
