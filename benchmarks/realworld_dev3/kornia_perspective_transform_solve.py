# Source: kornia/kornia kornia/geometry/transform/imgwarp.py (get_perspective_transform):
#   `ax = _build_perspective_param(points_src, points_dst, "x")`, ..., `A = torch.stack(p,
#   dim=1)`, `b = torch.stack([points_dst[:, 0:1, 0], points_dst[:, 0:1, 1], ...], dim=1)`,
#   `X = _torch_solve_cast(A, b)` (`torch.linalg.solve(A.to(torch.float64), B.to(...))`),
#   `M = torch.ones(batch_size, 9, ...)`, `M[..., :8] = torch.squeeze(X, dim=-1)`.
# What fails: torch.export traces linalg.solve, but no ONNX operator computes it: the ONNX
#   export fails.
import torch
from torch import nn
from torch.export import Dim


def _build_perspective_param(p, q, axis):
    ones = torch.ones_like(p)[..., 0:1]
    zeros = torch.zeros_like(p)[..., 0:1]
    if axis == "x":
        return torch.cat([p[:, 0:1], p[:, 1:2], ones, zeros, zeros, zeros, -p[:, 0:1] * q[:, 0:1], -p[:, 1:2] * q[:, 0:1]], dim=1)
    return torch.cat([zeros, zeros, zeros, p[:, 0:1], p[:, 1:2], ones, -p[:, 0:1] * q[:, 1:2], -p[:, 1:2] * q[:, 1:2]], dim=1)


def get_perspective_transform(points_src, points_dst):
    p = []
    for i in range(4):
        p.append(_build_perspective_param(points_src[:, i], points_dst[:, i], "x"))
        p.append(_build_perspective_param(points_src[:, i], points_dst[:, i], "y"))
    A = torch.stack(p, dim=1)
    b = points_dst.reshape(points_dst.shape[0], 8, 1)
    X = torch.linalg.solve(A, b)  # expect: EXL404
    M = torch.cat([X.squeeze(-1), torch.ones_like(X[:, :1, 0])], dim=-1)
    return M.view(-1, 3, 3)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(8, 8)

    def forward(self, features, corners):
        offsets = 0.1 * torch.tanh(self.head(features)).view(-1, 4, 2)
        return get_perspective_transform(corners, corners + offsets)


torch.manual_seed(0)
_corners = torch.tensor([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
example_inputs = [
    (torch.randn(2, 8), _corners.expand(2, 4, 2).clone()),
    (torch.randn(3, 8), _corners.expand(3, 4, 2).clone()),
    (torch.randn(1, 8), _corners.expand(1, 4, 2).clone()),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
