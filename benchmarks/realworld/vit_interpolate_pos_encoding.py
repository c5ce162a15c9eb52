# Source: huggingface/transformers src/transformers/models/vit/modeling_vit.py
#   (ViTEmbeddings.interpolate_pos_encoding): `if not torch.jit.is_tracing() and
#   num_patches == num_positions and height == width: return self.position_embeddings`.
# What fails: torch.jit.is_tracing() is False under torch.export, so the early return on
#   sizes is traced: with a square image of the pretraining size the size is baked.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, patch_size=4, image_size=16, dim=8):
        super().__init__()
        self.patch_size = patch_size
        num_positions = (image_size // patch_size) ** 2
        self.patch = nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.position_embeddings = nn.Parameter(torch.randn(1, num_positions + 1, dim))

    def interpolate_pos_encoding(self, embeddings, height, width):
        num_patches = embeddings.shape[1] - 1
        num_positions = self.position_embeddings.shape[1] - 1
        if not torch.jit.is_tracing() and num_patches == num_positions and height == width:  # expect: EXL102
            return self.position_embeddings
        class_pos_embed = self.position_embeddings[:, :1]
        patch_pos_embed = self.position_embeddings[:, 1:]
        dim = embeddings.shape[-1]
        side = int(num_positions**0.5)
        patch_pos_embed = patch_pos_embed.reshape(1, side, side, dim).permute(0, 3, 1, 2)
        patch_pos_embed = nn.functional.interpolate(
            patch_pos_embed,
            size=(height // self.patch_size, width // self.patch_size),
            mode="bicubic",
            align_corners=False,
        )
        patch_pos_embed = patch_pos_embed.permute(0, 2, 3, 1).view(1, -1, dim)
        return torch.cat((class_pos_embed, patch_pos_embed), dim=1)

    def forward(self, pixel_values):
        batch, _, height, width = pixel_values.shape
        embeddings = self.patch(pixel_values).flatten(2).transpose(1, 2)
        cls = self.cls_token.expand(batch, -1, -1)
        embeddings = torch.cat((cls, embeddings), dim=1)
        return embeddings + self.interpolate_pos_encoding(embeddings, height, width)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 16),),
    (torch.randn(1, 3, 24, 24),),
    (torch.randn(3, 3, 20, 12),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
