import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Keypoint read-out per region, written into a preallocated buffer (the shape of
    torchvision's heatmaps_to_keypoints).

    The loop over the regions is unrolled for the traced count; the buffer's `len(rois)` is
    part of the same hazard, reported with the loop (whose fix sizes it with `.shape[0]`).
    """

    def forward(self, maps, rois):
        num_keypoints = maps.shape[1]
        out = torch.zeros((rois.shape[0], 3, num_keypoints), dtype=torch.float32)

        def _loop_body(i, out, maps, rois):
            out_row = out.index_select(0, i.reshape(1)).squeeze(0).clone()
            roi_map = maps.index_select(0, i.reshape(1)).squeeze(0) * rois.index_select(0, i.reshape(1)).squeeze(0)[0]
            out_row[0] = roi_map.amax(-1).amax(-1)
            out_row[1] = roi_map.mean(-1).mean(-1)
            out_row[2] = roi_map.std(-1).mean(-1)
            return out_row.unsqueeze(0)

        out = simple_loop_for(rois.shape[0], _loop_body, (out, maps, rois))  # expect: EXL401
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 4, 5, 5), torch.rand(3, 4)),
    (torch.randn(5, 4, 5, 5), torch.rand(5, 4)),
    (torch.randn(2, 4, 5, 5), torch.rand(2, 4)),
]
dynamic_shapes = ({0: Dim("n")}, {0: Dim("n")})
