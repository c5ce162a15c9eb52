# Source: huggingface/transformers src/transformers/models/fuyu/modeling_fuyu.py
#   (FuyuModel.gather_continuous_embeddings, unchanged in 5.24): `for batch_idx in
#   range(word_embeddings.shape[0]): dst_indices = torch.nonzero(image_patch_input_indices[batch_idx]
#   >= 0, as_tuple=True)[0]; src_indices = image_patch_input_indices[batch_idx][dst_indices];
#   if src_indices.shape[0] > continuous_embeddings[batch_idx].shape[0]: raise ValueError(...);
#   output_embeddings[batch_idx, dst_indices] = continuous_embeddings[batch_idx][src_indices]`.
# What fails: the loop runs over the batch size in Python, and the `if` that raises compares the
#   number of non-negative indices (data-dependent) with a size.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8, patch_dim=12):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.vision_embed_tokens = nn.Linear(patch_dim, dim)

    def gather_continuous_embeddings(self, word_embeddings, continuous_embeddings, image_patch_input_indices):
        if not (word_embeddings.shape[0] == len(continuous_embeddings)):  # expect: EXL303
            raise ValueError("Batch sizes must match!")
        output_embeddings = word_embeddings.clone()
        for batch_idx in range(word_embeddings.shape[0]):  # expect: EXL401
            dst_indices = torch.nonzero(image_patch_input_indices[batch_idx] >= 0, as_tuple=True)[0]
            src_indices = image_patch_input_indices[batch_idx][dst_indices]
            if src_indices.shape[0] > continuous_embeddings[batch_idx].shape[0]:  # expect: EXL101
                raise ValueError("Number of continuous embeddings does not match the number of image patches")
            output_embeddings[batch_idx, dst_indices] = continuous_embeddings[batch_idx][src_indices]
        return output_embeddings

    def forward(self, input_ids, image_patches, image_patches_indices):
        inputs_embeds = self.embed_tokens(input_ids)
        patch_embeddings = self.vision_embed_tokens(image_patches)
        return self.gather_continuous_embeddings(inputs_embeds, patch_embeddings, image_patches_indices)


def _inputs(batch, seq, patches, starts):
    indices = torch.full((batch, seq), -1)
    for b, start in enumerate(starts):
        n = min(patches, seq - start)
        indices[b, start : start + n] = torch.arange(n)
    return (torch.randint(0, 16, (batch, seq)), torch.randn(batch, patches, 12), indices)


torch.manual_seed(0)
example_inputs = [_inputs(2, 9, 4, [1, 3]), _inputs(3, 12, 6, [0, 2, 5]), _inputs(2, 6, 2, [4, 1])]
batch, seq, patches = Dim("batch"), Dim("seq"), Dim("patches")
dynamic_shapes = ({0: batch, 1: seq}, {0: batch, 1: patches}, {0: batch, 1: seq})
