# Source: facebookresearch/segment-anything segment_anything/utils/amg.py (batched_mask_to_box and
#   calculate_stability_score, paraphrased): `if torch.numel(masks) == 0: return
#   torch.zeros(*masks.shape[:-2], 4, device=masks.device)`, `shape = masks.shape`, `h, w =
#   shape[-2:]`, `if len(shape) > 2: masks = masks.flatten(0, -3) else: masks = masks.unsqueeze(0)`,
#   `in_height, _ = torch.max(masks, dim=-1)`, `in_height_coords = in_height * torch.arange(h,
#   device=in_height.device)[None, :]`, `bottom_edges, _ = torch.max(in_height_coords, dim=-1)`,
#   `in_height_coords = in_height_coords + h * (~in_height)`, `top_edges, _ =
#   torch.min(in_height_coords, dim=-1)`, (the same for the width), `empty_filter = (right_edges <
#   left_edges) | (bottom_edges < top_edges)`, `out = torch.stack([left_edges, top_edges,
#   right_edges, bottom_edges], dim=-1)`, `out = out * (~empty_filter).unsqueeze(-1)`, `if len(shape) >
#   2: out = out.reshape(*shape[:-2], 4) else: out = out[0]`; calculate_stability_score:
#   `intersections = (masks > (mask_threshold + threshold_offset)).sum(-1,
#   dtype=torch.int16).sum(-1, dtype=torch.int32)`, `unions = (masks > (mask_threshold -
#   threshold_offset)).sum(-1, dtype=torch.int16).sum(-1, dtype=torch.int32)`, `return intersections /
#   unions`.
# What fails (written as a look-alike, measured as a hazard): `h * (~in_height)` multiplies a
#   boolean tensor by a dynamic size. torch.export keeps it (`aten.mul.Tensor(bitwise_not,
#   sym_size)`), but torch.onnx lowers it to `aten.mul.Scalar` on the int64-cast mask and
#   onnxscript's translation needs a Python number for the scalar: "ConversionError: TypeError:
#   int() argument must be a string, a bytes-like object or a real number, not
#   'SymbolicTensor'" (torch 2.13, 2026-12-03). The `numel() == 0` and `len(shape) > 2` tests,
#   the int16 sums and the boolean-mask arithmetic are fine.
import torch
from torch import nn
from torch.export import Dim


def batched_mask_to_box(masks):
    if torch.numel(masks) == 0:
        return torch.zeros(*masks.shape[:-2], 4, device=masks.device)
    shape = masks.shape
    h, w = shape[-2:]
    if len(shape) > 2:
        masks = masks.flatten(0, -3)
    else:
        masks = masks.unsqueeze(0)
    in_height, _ = torch.max(masks, dim=-1)
    in_height_coords = in_height * torch.arange(h, device=in_height.device)[None, :]
    bottom_edges, _ = torch.max(in_height_coords, dim=-1)
    in_height_coords = in_height_coords + h * (~in_height)  # expect: NONE-onnx-int-tensor-times-size
    top_edges, _ = torch.min(in_height_coords, dim=-1)
    in_width, _ = torch.max(masks, dim=-2)
    in_width_coords = in_width * torch.arange(w, device=in_width.device)[None, :]
    right_edges, _ = torch.max(in_width_coords, dim=-1)
    in_width_coords = in_width_coords + w * (~in_width)  # expect: NONE-onnx-int-tensor-times-size
    left_edges, _ = torch.min(in_width_coords, dim=-1)
    empty_filter = (right_edges < left_edges) | (bottom_edges < top_edges)
    out = torch.stack([left_edges, top_edges, right_edges, bottom_edges], dim=-1)
    out = out * (~empty_filter).unsqueeze(-1)
    if len(shape) > 2:
        out = out.reshape(*shape[:-2], 4)
    else:
        out = out[0]
    return out


def calculate_stability_score(masks, mask_threshold, threshold_offset):
    intersections = (masks > (mask_threshold + threshold_offset)).sum(-1, dtype=torch.int16).sum(-1, dtype=torch.int32)
    unions = (masks > (mask_threshold - threshold_offset)).sum(-1, dtype=torch.int16).sum(-1, dtype=torch.int32)
    return intersections / unions


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.mask_head = nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, feats):
        mask_logits = self.mask_head(feats)
        stability = calculate_stability_score(mask_logits, 0.0, 1.0)
        boxes = batched_mask_to_box(mask_logits > 0.0)
        return boxes, stability


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 12, 10),), (torch.randn(1, 4, 9, 15),), (torch.randn(3, 4, 16, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
