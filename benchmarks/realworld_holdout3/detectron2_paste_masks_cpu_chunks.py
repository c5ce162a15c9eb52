# Source: facebookresearch/detectron2 detectron2/layers/mask_ops.py (paste_masks_in_image and
#   _do_paste_mask, paraphrased), called by detector_postprocess for Mask R-CNN outputs:
#   `assert masks.shape[-1] == masks.shape[-2], "Only square mask predictions are supported"`, `N =
#   len(masks)`, `if N == 0: return masks.new_empty((0,) + image_shape, dtype=torch.uint8)`,
#   `assert len(boxes) == N, boxes.shape`, `img_h, img_w = image_shape`, `if device.type == "cpu" or
#   torch.jit.is_scripting(): num_chunks = N else: num_chunks = int(np.ceil(N * int(img_h) *
#   int(img_w) * BYTES_PER_FLOAT / GPU_MEM_LIMIT))`, `chunks = torch.chunk(torch.arange(N,
#   device=device), num_chunks)`, `img_masks = torch.zeros(N, img_h, img_w, device=device,
#   dtype=torch.bool if threshold >= 0 else torch.uint8)`, `for inds in chunks: masks_chunk,
#   spatial_inds = _do_paste_mask(masks[inds, None, :, :], boxes[inds], img_h, img_w,
#   skip_empty=device.type == "cpu"); if threshold >= 0: masks_chunk = (masks_chunk >=
#   threshold).to(dtype=torch.bool); ... img_masks[(inds,) + spatial_inds] = masks_chunk`;
#   `_do_paste_mask`: `if skip_empty and not torch.jit.is_scripting(): x0_int, y0_int =
#   torch.clamp(boxes.min(dim=0).values.floor()[:2] - 1, min=0).to(dtype=torch.int32); x1_int =
#   torch.clamp(boxes[:, 2].max().ceil() + 1, max=img_w).to(dtype=torch.int32); y1_int = ...`,
#   `img_y = torch.arange(y0_int, y1_int, device=device, dtype=torch.float32) + 0.5`, ..., `img_masks
#   = F.grid_sample(masks, grid.to(masks.dtype), align_corners=False)`, `if skip_empty and not
#   torch.jit.is_scripting(): return img_masks[:, 0], (slice(y0_int, y1_int), slice(x0_int,
#   x1_int))`.
# What fails: on CPU the masks are pasted one instance at a time (`torch.chunk` into N pieces,
#   a Python loop over the dynamic instance count), `len()` pins the instance count, and the
#   skip-empty crop makes `arange` and slices out of box values (data-dependent bounds).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def _do_paste_mask(masks, boxes, img_h, img_w, skip_empty=True):
    device = masks.device
    if skip_empty and not torch.jit.is_scripting():
        x0_int, y0_int = torch.clamp(boxes.min(dim=0).values.floor()[:2] - 1, min=0).to(dtype=torch.int32)
        x1_int = torch.clamp(boxes[:, 2].max().ceil() + 1, max=img_w).to(dtype=torch.int32)
        y1_int = torch.clamp(boxes[:, 3].max().ceil() + 1, max=img_h).to(dtype=torch.int32)
    else:
        x0_int, y0_int = 0, 0
        x1_int, y1_int = img_w, img_h
    x0, y0, x1, y1 = torch.split(boxes, 1, dim=1)
    N = masks.shape[0]
    img_y = torch.arange(y0_int, y1_int, device=device, dtype=torch.float32) + 0.5
    img_x = torch.arange(x0_int, x1_int, device=device, dtype=torch.float32) + 0.5
    img_y = (img_y - y0) / (y1 - y0) * 2 - 1
    img_x = (img_x - x0) / (x1 - x0) * 2 - 1
    gx = img_x[:, None, :].expand(N, img_y.size(1), img_x.size(1))
    gy = img_y[:, :, None].expand(N, img_y.size(1), img_x.size(1))
    grid = torch.stack([gx, gy], dim=3)
    if not masks.dtype.is_floating_point:
        masks = masks.float()
    img_masks = F.grid_sample(masks, grid.to(masks.dtype), align_corners=False)
    if skip_empty and not torch.jit.is_scripting():
        return img_masks[:, 0], (slice(y0_int, y1_int), slice(x0_int, x1_int))
    return img_masks[:, 0], ()


def paste_masks_in_image(masks, boxes, image_shape, threshold=0.5):
    assert masks.shape[-1] == masks.shape[-2], "Only square mask predictions are supported"
    N = len(masks)  # expect: EXL303
    if N == 0:
        return masks.new_empty((0,) + image_shape, dtype=torch.uint8)
    device = boxes.device
    assert len(boxes) == N, boxes.shape  # expect: EXL303
    img_h, img_w = image_shape
    if device.type == "cpu" or torch.jit.is_scripting():
        num_chunks = N
    else:
        num_chunks = 1
    chunks = torch.chunk(torch.arange(N, device=device), num_chunks)  # expect: EXL304, EXL401
    img_masks = torch.zeros(N, img_h, img_w, device=device, dtype=torch.bool if threshold >= 0 else torch.uint8)
    for inds in chunks:
        masks_chunk, spatial_inds = _do_paste_mask(masks[inds, None, :, :], boxes[inds], img_h, img_w, skip_empty=device.type == "cpu")  # expect: EXL201
        if threshold >= 0:
            masks_chunk = (masks_chunk >= threshold).to(dtype=torch.bool)
        img_masks[(inds,) + spatial_inds] = masks_chunk
    return img_masks


class Model(nn.Module):
    def __init__(self, m=7):
        super().__init__()
        self.mask_head = nn.Conv2d(4, 1, 3, padding=1)

    def forward(self, mask_feats, boxes, image):
        mask_logits = self.mask_head(mask_feats)[:, 0]
        return paste_masks_in_image(mask_logits.sigmoid(), boxes, image.shape[-2:])


def _inputs(n, h, w, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * torch.tensor([w / 2, h / 2])
    wh = torch.rand(n, 2, generator=g) * torch.tensor([w / 2, h / 2]) + 2
    return torch.randn(n, 4, 7, 7, generator=g), torch.cat([xy, xy + wh], dim=1), torch.randn(3, h, w, generator=g)


example_inputs = [_inputs(3, 20, 24, 0), _inputs(5, 16, 30, 1), _inputs(2, 28, 18, 2)]
dynamic_shapes = ({0: Dim("n")}, {0: Dim("n")}, {1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
