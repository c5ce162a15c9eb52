import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """DETR/detectron2-style post-processing: normalised boxes scaled back to pixels with a
    factor made by `new_tensor` from the image size.

    `new_tensor` copies Python values, so export fixes the height and width.
    """

    def forward(self, images, boxes):
        img_h, img_w = images.shape[-2:]
        scale_fct = boxes.new_tensor(  # expect: EXL301
            [img_w, img_h, img_w, img_h]  # (x0, y0, x1, y1)
        )
        return boxes * scale_fct + images.mean()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 10), torch.rand(2, 5, 4)),
    (torch.randn(3, 3, 12, 7), torch.rand(3, 5, 4)),
    (torch.randn(2, 3, 9, 16), torch.rand(2, 5, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
