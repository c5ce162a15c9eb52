# Source: facebookresearch/pytorch3d pytorch3d/transforms/rotation_conversions.py
#   (matrix_to_quaternion and _sqrt_positive_part, v0.7, paraphrased): `if matrix.size(-1) != 3 or
#   matrix.size(-2) != 3: raise ValueError(...)`, `batch_dim = matrix.shape[:-2]`, `m00, m01, m02,
#   m10, m11, m12, m20, m21, m22 = torch.unbind(matrix.reshape(batch_dim + (9,)), dim=-1)`,
#   `q_abs = _sqrt_positive_part(torch.stack([1.0 + m00 + m11 + m22, 1.0 + m00 - m11 - m22, 1.0 -
#   m00 + m11 - m22, 1.0 - m00 - m11 + m22], dim=-1))`, `quat_by_rijk = torch.stack([...])`, `flr =
#   torch.tensor(0.1).to(dtype=q_abs.dtype, device=q_abs.device)`, `quat_candidates = quat_by_rijk /
#   (2.0 * q_abs[..., None].max(flr))`, `out = quat_candidates[F.one_hot(q_abs.argmax(dim=-1),
#   num_classes=4) > 0.5, :].reshape(batch_dim + (4,))`, `return standardize_quaternion(out)`;
#   `_sqrt_positive_part`: `ret = torch.zeros_like(x); positive_mask = x > 0; ret[positive_mask] =
#   torch.sqrt(x[positive_mask]); return ret`; `standardize_quaternion`: `return
#   torch.where(quaternions[..., 0:1] < 0, -quaternions, quaternions)`.
# Look-alike (measured, not a hazard): the best of the four candidates is picked with a boolean
#   mask (a data-dependent row count for torch.export) and reshaped back to the batch shape,
#   and `_sqrt_positive_part` writes through a boolean mask; with a dynamic batch this exports,
#   converts and onnxruntime matches eager on unseen batch sizes (torch 2.13, 2026-12-03).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def _sqrt_positive_part(x):
    ret = torch.zeros_like(x)
    positive_mask = x > 0
    ret[positive_mask] = torch.sqrt(x[positive_mask])
    return ret


def standardize_quaternion(quaternions):
    return torch.where(quaternions[..., 0:1] < 0, -quaternions, quaternions)


def matrix_to_quaternion(matrix):
    if matrix.size(-1) != 3 or matrix.size(-2) != 3:
        raise ValueError(f"Invalid rotation matrix shape {matrix.shape}.")
    batch_dim = matrix.shape[:-2]
    m00, m01, m02, m10, m11, m12, m20, m21, m22 = torch.unbind(matrix.reshape(batch_dim + (9,)), dim=-1)
    q_abs = _sqrt_positive_part(
        torch.stack(
            [1.0 + m00 + m11 + m22, 1.0 + m00 - m11 - m22, 1.0 - m00 + m11 - m22, 1.0 - m00 - m11 + m22],
            dim=-1,
        )
    )
    quat_by_rijk = torch.stack(
        [
            torch.stack([q_abs[..., 0] ** 2, m21 - m12, m02 - m20, m10 - m01], dim=-1),
            torch.stack([m21 - m12, q_abs[..., 1] ** 2, m10 + m01, m02 + m20], dim=-1),
            torch.stack([m02 - m20, m10 + m01, q_abs[..., 2] ** 2, m12 + m21], dim=-1),
            torch.stack([m10 - m01, m20 + m02, m21 + m12, q_abs[..., 3] ** 2], dim=-1),
        ],
        dim=-2,
    )
    flr = torch.tensor(0.1).to(dtype=q_abs.dtype, device=q_abs.device)
    quat_candidates = quat_by_rijk / (2.0 * q_abs[..., None].max(flr))
    out = quat_candidates[F.one_hot(q_abs.argmax(dim=-1), num_classes=4) > 0.5, :].reshape(batch_dim + (4,))
    return standardize_quaternion(out)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 4)

    def forward(self, rotations):
        return self.head(matrix_to_quaternion(rotations))


def _rotations(n):
    q, _ = torch.linalg.qr(torch.randn(n, 3, 3))
    return (q * torch.sign(torch.linalg.det(q))[:, None, None],)


torch.manual_seed(0)
example_inputs = [_rotations(6), _rotations(11), _rotations(3)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
