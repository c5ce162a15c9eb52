# Source: kornia/kornia kornia/geometry/transform/imgwarp.py (warp_perspective):
#   `dst_norm_trans_src_norm = normalize_homography(M, (H, W), dsize)`, `src_norm_trans_dst_norm =
#   _torch_inverse_cast(dst_norm_trans_src_norm)`, `grid = F.affine_grid(src_norm_trans_dst_norm[:,
#   :2, :], [B, C, h_out, w_out], align_corners=align_corners)`; `_torch_inverse_cast` is
#   `torch.inverse(input.to(dtype)).to(input.dtype)`.
# What fails: `torch.inverse` (linalg_inv) has no ONNX translation: the ONNX export fails.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(8, 9)

    def forward(self, feats):
        m = self.head(feats).view(-1, 3, 3) + 3.0 * torch.eye(3)
        m_inv = torch.inverse(m)  # expect: EXL404
        return m_inv[:, :2, :]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8),), (torch.randn(1, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
