# Source: facebookresearch/segment-anything segment_anything/utils/onnx.py (SamOnnxModel,
#   resize_longest_image_size, mask_postprocessing): `input_image_size = input_image_size.to(torch.float32)`,
#   `scale = longest_side / torch.max(input_image_size)`, `transformed_size = scale *
#   input_image_size`, `transformed_size = torch.floor(transformed_size + 0.5).to(torch.int64)`;
#   `masks = F.interpolate(masks, size=(self.img_size, self.img_size), mode="bilinear",
#   align_corners=False)`, `prepadded_size = self.resize_longest_image_size(orig_im_size,
#   self.img_size).to(torch.int64)`, `masks = masks[..., : prepadded_size[0], : prepadded_size[1]]`,
#   `orig_im_size = orig_im_size.to(torch.int64)`, `h, w = orig_im_size[0], orig_im_size[1]`, `masks =
#   F.interpolate(masks, size=(h, w), mode="bilinear", align_corners=False)`.
# Look-alike: torch.export keeps the crop bounds and the output size read from the size
#   tensor as unbacked sizes (the slices and the resize take them as they are): exports and
#   matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class SamOnnxModel(nn.Module):
    def __init__(self, img_size=16):
        super().__init__()
        self.img_size = img_size
        self.mask_head = nn.Conv2d(4, 1, 3, padding=1)

    @staticmethod
    def resize_longest_image_size(input_image_size: torch.Tensor, longest_side: int) -> torch.Tensor:
        input_image_size = input_image_size.to(torch.float32)
        scale = longest_side / torch.max(input_image_size)
        transformed_size = scale * input_image_size
        transformed_size = torch.floor(transformed_size + 0.5).to(torch.int64)
        return transformed_size

    def mask_postprocessing(self, masks: torch.Tensor, orig_im_size: torch.Tensor) -> torch.Tensor:
        masks = F.interpolate(masks, size=(self.img_size, self.img_size), mode="bilinear", align_corners=False)
        prepadded_size = self.resize_longest_image_size(orig_im_size, self.img_size).to(torch.int64)
        masks = masks[..., : prepadded_size[0], : prepadded_size[1]]
        orig_im_size = orig_im_size.to(torch.int64)
        h, w = orig_im_size[0], orig_im_size[1]
        masks = F.interpolate(masks, size=(h, w), mode="bilinear", align_corners=False)
        return masks

    def forward(self, image_embeddings, orig_im_size):
        masks = self.mask_head(image_embeddings)
        return self.mask_postprocessing(masks, orig_im_size)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.sam = SamOnnxModel()

    def forward(self, image_embeddings, orig_im_size):
        return self.sam(image_embeddings, orig_im_size)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 4, 4), torch.tensor([12.0, 20.0])),
    (torch.randn(2, 4, 4, 4), torch.tensor([30.0, 10.0])),
    (torch.randn(1, 4, 4, 4), torch.tensor([16.0, 16.0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
