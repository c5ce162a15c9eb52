# Source: facebookresearch/TimeSformer timesformer/models/vit.py (VisionTransformer.forward_features,
#   paraphrased; einops' rearrange written with reshape/permute): `B = x.shape[0]`, `x, T, W =
#   self.patch_embed(x)`, `cls_tokens = self.cls_token.expand(x.size(0), -1, -1)`, `x =
#   torch.cat((cls_tokens, x), dim=1)`, `## resizing the positional embeddings in case they don't
#   match the input at inference`, `if x.size(1) != self.pos_embed.size(1): pos_embed =
#   self.pos_embed; cls_pos_embed = pos_embed[0,0,:].unsqueeze(0).unsqueeze(1); other_pos_embed =
#   pos_embed[0,1:,:].unsqueeze(0).transpose(1, 2); P = int(other_pos_embed.size(2) ** 0.5); H =
#   x.size(1) // W; other_pos_embed = other_pos_embed.reshape(1, x.size(2), P, P); new_pos_embed =
#   F.interpolate(other_pos_embed, size=(H, W), mode='nearest'); new_pos_embed =
#   new_pos_embed.flatten(2); new_pos_embed = new_pos_embed.transpose(1, 2); new_pos_embed =
#   torch.cat((cls_pos_embed, new_pos_embed), 1); x = x + new_pos_embed`, `else: x = x +
#   self.pos_embed`; the same test for the time embedding: `if T != self.time_embed.size(1): ...
#   new_time_embed = F.interpolate(time_embed, size=(T), mode='nearest')`.
# What fails: traced at the pretraining resolution and clip length (the first input set, as
#   one exports a model at its default size), the `!=` tests are False and the resize branches
#   are left out; at any other size the table no longer matches the tokens.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class PatchEmbed(nn.Module):
    def __init__(self, patch_size=4, in_chans=3, embed_dim=8):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        B, C, T, H, W = x.shape
        x = x.permute(0, 2, 1, 3, 4).reshape(B * T, C, H, W)
        x = self.proj(x)
        W = x.size(-1)
        x = x.flatten(2).transpose(1, 2)
        return x, T, W


class Model(nn.Module):
    def __init__(self, img_size=16, patch_size=4, num_frames=4, embed_dim=8):
        super().__init__()
        num_patches = (img_size // patch_size) ** 2
        self.patch_embed = PatchEmbed(patch_size, 3, embed_dim)
        self.cls_token = nn.Parameter(torch.randn(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.randn(1, num_patches + 1, embed_dim))
        self.time_embed = nn.Parameter(torch.randn(1, num_frames, embed_dim))
        self.head = nn.Linear(embed_dim, 5)

    def forward(self, x):
        B = x.shape[0]
        x, T, W = self.patch_embed(x)
        cls_tokens = self.cls_token.expand(x.size(0), -1, -1)
        x = torch.cat((cls_tokens, x), dim=1)
        if x.size(1) != self.pos_embed.size(1):  # expect: EXL102
            pos_embed = self.pos_embed
            cls_pos_embed = pos_embed[0, 0, :].unsqueeze(0).unsqueeze(1)
            other_pos_embed = pos_embed[0, 1:, :].unsqueeze(0).transpose(1, 2)
            P = int(other_pos_embed.size(2) ** 0.5)
            H = (x.size(1) - 1) // W
            other_pos_embed = other_pos_embed.reshape(1, x.size(2), P, P)
            new_pos_embed = F.interpolate(other_pos_embed, size=(H, W), mode="nearest")
            new_pos_embed = new_pos_embed.flatten(2)
            new_pos_embed = new_pos_embed.transpose(1, 2)
            new_pos_embed = torch.cat((cls_pos_embed, new_pos_embed), 1)
            x = x + new_pos_embed
        else:
            x = x + self.pos_embed
        cls_tokens = x[:B, 0, :].unsqueeze(1)
        x = x[:, 1:]
        n = x.size(1)
        x = x.reshape(B, T, n, -1).permute(0, 2, 1, 3).reshape(B * n, T, -1)
        if T != self.time_embed.size(1):  # expect: EXL102
            time_embed = self.time_embed.transpose(1, 2)
            new_time_embed = F.interpolate(time_embed, size=(T), mode="nearest")
            new_time_embed = new_time_embed.transpose(1, 2)
            x = x + new_time_embed
        else:
            x = x + self.time_embed
        x = x.reshape(B, n, T, -1).mean(dim=(1, 2))
        return self.head(x + cls_tokens[:, 0])


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 4, 16, 16),), (torch.randn(1, 3, 6, 24, 20),), (torch.randn(3, 3, 3, 12, 28),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC, 4: Dim.DYNAMIC},)
