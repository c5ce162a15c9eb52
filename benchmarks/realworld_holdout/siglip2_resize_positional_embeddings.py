# Source: huggingface/transformers src/transformers/models/siglip2/modeling_siglip2.py
#   (Siglip2VisionEmbeddings.resize_positional_embeddings, transformers 4.5x): `for i in
#   range(batch_size): height, width = spatial_shapes[i]; resized_embeddings =
#   F.interpolate(positional_embeddings, size=(height, width), mode="bilinear",
#   align_corners=False, antialias=True); ... resulted_positional_embeddings[i, : height * width]
#   = resized_embeddings`.
# What fails: the sizes of each image are read out of the `spatial_shapes` tensor and used as
#   interpolation sizes, in a Python loop over the batch.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, grid=4, dim=8, patch_dim=12):
        super().__init__()
        self.position_embedding = nn.Embedding(grid * grid, dim)
        self.position_embedding_size = grid
        self.patch_embedding = nn.Linear(patch_dim, dim)

    @staticmethod
    def resize_positional_embeddings(positional_embeddings, spatial_shapes, max_length):
        batch_size = spatial_shapes.shape[0]
        embed_dim = positional_embeddings.shape[-1]
        resulted_positional_embeddings = torch.empty((batch_size, max_length, embed_dim))
        positional_embeddings = positional_embeddings.permute(2, 0, 1).unsqueeze(0)
        for i in range(batch_size):  # expect: EXL401
            height, width = spatial_shapes[i]
            resized_embeddings = F.interpolate(positional_embeddings, size=(height, width), mode="bilinear")  # expect: NONE-tensor-as-size
            resized_embeddings = resized_embeddings.reshape(embed_dim, height * width).transpose(0, 1)
            resulted_positional_embeddings[i, : height * width] = resized_embeddings
            resulted_positional_embeddings[i, height * width :] = resized_embeddings[0]
        return resulted_positional_embeddings

    def forward(self, pixel_values, spatial_shapes):
        patch_embeds = self.patch_embedding(pixel_values)
        positional_embeddings = self.position_embedding.weight.reshape(
            self.position_embedding_size, self.position_embedding_size, -1
        )
        resized = self.resize_positional_embeddings(positional_embeddings, spatial_shapes, max_length=pixel_values.shape[1])
        return patch_embeds + resized


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 12), torch.tensor([[3, 4], [2, 5]])),
    (torch.randn(3, 16, 12), torch.tensor([[4, 4], [2, 3], [3, 5]])),
    (torch.randn(2, 9, 12), torch.tensor([[3, 3], [1, 8]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
