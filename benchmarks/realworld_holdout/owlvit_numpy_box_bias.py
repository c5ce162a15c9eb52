# Source: huggingface/transformers src/transformers/models/owlvit/modeling_owlvit.py
#   (OwlViTForObjectDetection.normalize_grid_corner_coordinates and compute_box_bias,
#   transformers 4.3x): `num_patches = feature_map.shape[1]`, `box_coordinates = np.stack(
#   np.meshgrid(np.arange(1, num_patches + 1), np.arange(1, num_patches + 1)), axis=-1)
#   .astype(np.float32)`, `box_coordinates /= np.array([num_patches, num_patches], np.float32)`,
#   `box_coordinates = torch.from_numpy(box_coordinates)`.
# What fails: the grid is computed with numpy from a dynamic size: export bakes the traced
#   number of patches.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.box_head = nn.Linear(dim, 4)

    def normalize_grid_corner_coordinates(self, feature_map):
        num_patches = feature_map.shape[1]
        box_coordinates = np.stack(np.meshgrid(np.arange(1, num_patches + 1), np.arange(1, num_patches + 1)), axis=-1).astype(np.float32)  # expect: EXL202
        box_coordinates /= np.array([num_patches, num_patches], np.float32)
        box_coordinates = box_coordinates.reshape(box_coordinates.shape[0] * box_coordinates.shape[1], box_coordinates.shape[2])
        return torch.from_numpy(box_coordinates)

    def compute_box_bias(self, feature_map):
        box_coordinates = self.normalize_grid_corner_coordinates(feature_map)
        box_coordinates = torch.clip(box_coordinates, 0.0, 1.0)
        box_coord_bias = torch.log(box_coordinates + 1e-4) - torch.log1p(-box_coordinates + 1e-4)
        box_size = torch.full_like(box_coord_bias, 1.0 / feature_map.shape[-2])
        box_size_bias = torch.log(box_size + 1e-4) - torch.log1p(-box_size + 1e-4)
        return torch.cat([box_coord_bias, box_size_bias], dim=-1)

    def forward(self, feature_map):
        batch_size, num_patches, _, hidden_dim = feature_map.shape
        image_feats = feature_map.reshape(batch_size, num_patches * num_patches, hidden_dim)
        pred_boxes = self.box_head(image_feats)
        pred_boxes = pred_boxes + self.compute_box_bias(feature_map)
        return torch.sigmoid(pred_boxes)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 4, 8),), (torch.randn(1, 6, 6, 8),), (torch.randn(3, 3, 3, 8),)]
_patches = Dim("patches")
dynamic_shapes = ({0: Dim.DYNAMIC, 1: _patches, 2: _patches},)
