# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/_patch_transformers_sam_mask_decoder.py
#   (patched_SamMaskDecoder.forward): the empty-prompt test is `torch.cond(torch.any(
#   sparse_prompt_embeddings != 0), ...)` instead of an `if` on `.sum().item()`.
# Look-alike of sam_sparse_prompt_item.py: exports and matches eager; must stay silent.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, num_mask_tokens=3):
        super().__init__()
        self.iou_token = nn.Embedding(1, dim)
        self.mask_tokens = nn.Embedding(num_mask_tokens, dim)
        self.mix = nn.Linear(dim, dim)

    def forward(self, image_embeddings, sparse_prompt_embeddings):
        batch_size = image_embeddings.shape[0]
        point_batch_size = sparse_prompt_embeddings.shape[1]
        output_tokens = torch.cat([self.iou_token.weight, self.mask_tokens.weight], dim=0)
        output_tokens = output_tokens.repeat(batch_size, point_batch_size, 1, 1)

        def not_empty(output_tokens, sparse):
            return self.mix(torch.cat((output_tokens, sparse), dim=2)).mean(dim=2)

        def empty(output_tokens, sparse):
            return self.mix(output_tokens).mean(dim=2)

        pooled = torch.cond(
            torch.any(sparse_prompt_embeddings != 0),
            not_empty,
            empty,
            [output_tokens, sparse_prompt_embeddings],
        )
        return pooled + image_embeddings.mean(dim=(2, 3))[:, None, :]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 4, 4), torch.randn(2, 3, 2, 8)),
    (torch.randn(3, 8, 5, 5), torch.zeros(3, 2, 3, 8)),
    (torch.randn(4, 8, 4, 6), torch.randn(4, 4, 4, 8)),
]
dynamic_shapes = (
    {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
)
