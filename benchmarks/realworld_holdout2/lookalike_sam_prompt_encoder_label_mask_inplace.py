# Source: facebookresearch/segment-anything segment_anything/modeling/prompt_encoder.py
#   (PromptEncoder._embed_points, paraphrased): `points = points + 0.5`, `if pad: padding_point =
#   torch.zeros((points.shape[0], 1, 2)); padding_label = -torch.ones((labels.shape[0], 1));
#   points = torch.cat([points, padding_point], dim=1); labels = torch.cat([labels, padding_label],
#   dim=1)`, `point_embedding = self.pe_layer.forward_with_coords(points, self.input_image_size)`,
#   `point_embedding[labels == -1] = 0.0`, `point_embedding[labels == -1] +=
#   self.not_a_point_embed.weight`, `point_embedding[labels == 0] += self.point_embeddings[0].weight`,
#   `point_embedding[labels == 1] += self.point_embeddings[1].weight`.
# Look-alike: in-place writes through boolean masks of the labels (SAM's own ONNX export script
#   rewrites them as arithmetic on `(labels == k)`, needed for torch.jit tracing); with
#   torch.export they are index_put on a fresh tensor: exports and matches eager (measured).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, image_size=(32, 32)):
        super().__init__()
        self.input_image_size = image_size
        self.register_buffer("gaussian", torch.randn(2, dim // 2))
        self.point_embeddings = nn.ModuleList([nn.Embedding(1, dim) for _ in range(2)])
        self.not_a_point_embed = nn.Embedding(1, dim)

    def forward_with_coords(self, coords):
        coords = coords.clone()
        coords[:, :, 0] = coords[:, :, 0] / self.input_image_size[1]
        coords[:, :, 1] = coords[:, :, 1] / self.input_image_size[0]
        coords = (2 * coords - 1) @ self.gaussian * 6.283185307179586
        return torch.cat([torch.sin(coords), torch.cos(coords)], dim=-1)

    def forward(self, points, labels):
        points = points + 0.5
        padding_point = torch.zeros((points.shape[0], 1, 2))
        padding_label = -torch.ones((labels.shape[0], 1))
        points = torch.cat([points, padding_point], dim=1)
        labels = torch.cat([labels, padding_label], dim=1)
        point_embedding = self.forward_with_coords(points)
        point_embedding[labels == -1] = 0.0
        point_embedding[labels == -1] += self.not_a_point_embed.weight
        point_embedding[labels == 0] += self.point_embeddings[0].weight
        point_embedding[labels == 1] += self.point_embeddings[1].weight
        return point_embedding


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 3, 2) * 32, torch.tensor([[1.0, 0.0, 1.0], [1.0, 1.0, -1.0]])),
    (torch.rand(3, 5, 2) * 32, torch.tensor([[1.0, 0.0, 0.0, 1.0, 1.0]] * 3)),
    (torch.rand(1, 2, 2) * 32, torch.tensor([[0.0, -1.0]])),
]
b, n = Dim("b"), Dim("n")
dynamic_shapes = ({0: b, 1: n}, {0: b, 1: n})
