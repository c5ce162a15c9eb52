# Source: facebookresearch/segment-anything segment_anything/modeling/image_encoder.py
#   (get_rel_pos and add_decomposed_rel_pos, also ViTDet in detectron2): `max_rel_dist =
#   int(2 * max(q_size, k_size) - 1)`, `if rel_pos.shape[0] != max_rel_dist: rel_pos_resized =
#   F.interpolate(rel_pos.reshape(1, rel_pos.shape[0], -1).permute(0, 2, 1),
#   size=max_rel_dist, mode="linear") ... else: rel_pos_resized = rel_pos`.
# What fails: `int(2 * max(q_size, k_size) - 1)` specialises the image size (measured: the same
#   helper without the `if`, as transformers writes it, still fails), `max(k_size / q_size, 1.0)`
#   on symbolic floats has no ONNX translation, and the `if` compares the table length with a
#   size computed from the image: traced at the pretraining size, the interpolation is dropped.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def get_rel_pos(q_size, k_size, rel_pos):
    max_rel_dist = int(2 * max(q_size, k_size) - 1)  # expect: EXL301
    if rel_pos.shape[0] != max_rel_dist:  # expect: EXL102
        rel_pos_resized = F.interpolate(
            rel_pos.reshape(1, rel_pos.shape[0], -1).permute(0, 2, 1), size=max_rel_dist, mode="linear"
        )
        rel_pos_resized = rel_pos_resized.reshape(-1, max_rel_dist).permute(1, 0)
    else:
        rel_pos_resized = rel_pos
    q_coords = torch.arange(q_size)[:, None] * max(k_size / q_size, 1.0)  # expect: NONE-builtin-max-on-size
    k_coords = torch.arange(k_size)[None, :] * max(q_size / k_size, 1.0)  # expect: NONE-builtin-max-on-size
    relative_coords = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)  # expect: NONE-builtin-max-on-size
    return rel_pos_resized[relative_coords.long()]


def add_decomposed_rel_pos(attn, q, rel_pos_h, rel_pos_w, q_size, k_size):
    q_h, q_w = q_size
    k_h, k_w = k_size
    Rh = get_rel_pos(q_h, k_h, rel_pos_h)
    Rw = get_rel_pos(q_w, k_w, rel_pos_w)
    B, _, dim = q.shape
    r_q = q.reshape(B, q_h, q_w, dim)
    rel_h = torch.einsum("bhwc,hkc->bhwk", r_q, Rh)
    rel_w = torch.einsum("bhwc,wkc->bhwk", r_q, Rw)
    attn = attn.view(B, q_h, q_w, k_h, k_w) + rel_h[:, :, :, :, None] + rel_w[:, :, :, None, :]
    return attn.view(B, q_h * q_w, k_h * k_w)


class Model(nn.Module):
    def __init__(self, dim=8, input_size=(4, 4)):
        super().__init__()
        self.scale = dim**-0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.rel_pos_h = nn.Parameter(torch.randn(2 * input_size[0] - 1, dim))
        self.rel_pos_w = nn.Parameter(torch.randn(2 * input_size[1] - 1, dim))

    def forward(self, x):
        B, H, W, _ = x.shape
        qkv = self.qkv(x).reshape(B, H * W, 3, -1).permute(2, 0, 1, 3)
        q, k, v = qkv.unbind(0)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        attn = add_decomposed_rel_pos(attn, q, self.rel_pos_h, self.rel_pos_w, (H, W), (H, W))
        attn = attn.softmax(dim=-1)
        return self.proj((attn @ v).view(B, H, W, -1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 4, 8),), (torch.randn(1, 6, 5, 8),), (torch.randn(2, 3, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
