# Source: huggingface/transformers src/transformers/models/esm/modeling_esm.py
#   (EsmEmbeddings.forward, paraphrased): `embeddings = self.word_embeddings(input_ids)`, `if
#   self.token_dropout: embeddings = embeddings.masked_fill((input_ids ==
#   self.mask_token_id).unsqueeze(-1), 0.0); mask_ratio_train = 0.15 * 0.8; src_lengths =
#   attention_mask.sum(-1); mask_ratio_observed = (input_ids == self.mask_token_id).sum(-1).float()
#   / src_lengths; embeddings = (embeddings * (1 - mask_ratio_train) / (1 -
#   mask_ratio_observed)[:, None, None]).to(embeddings.dtype)`, `embeddings = (embeddings *
#   attention_mask.unsqueeze(-1)).to(embeddings.dtype)`.
# Look-alike: counts over the data (`.sum(-1)` of masks) rescale the embeddings, but they stay
#   tensors in tensor arithmetic (no Python test, no `.item()`); the `if` tests a config flag:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=33, dim=8, mask_token_id=32):
        super().__init__()
        self.token_dropout = True
        self.mask_token_id = mask_token_id
        self.word_embeddings = nn.Embedding(vocab, dim)

    def forward(self, input_ids, attention_mask):
        embeddings = self.word_embeddings(input_ids)
        if self.token_dropout:
            embeddings = embeddings.masked_fill((input_ids == self.mask_token_id).unsqueeze(-1), 0.0)
            mask_ratio_train = 0.15 * 0.8
            src_lengths = attention_mask.sum(-1)
            mask_ratio_observed = (input_ids == self.mask_token_id).sum(-1).float() / src_lengths
            embeddings = (embeddings * (1 - mask_ratio_train) / (1 - mask_ratio_observed)[:, None, None]).to(embeddings.dtype)
        return (embeddings * attention_mask.unsqueeze(-1)).to(embeddings.dtype)


torch.manual_seed(0)
i0 = torch.randint(0, 32, (2, 7))
i0[0, 2] = 32
i1 = torch.randint(0, 32, (3, 10))
i1[:, 4] = 32
example_inputs = [
    (i0, torch.ones(2, 7, dtype=torch.long)),
    (i1, torch.ones(3, 10, dtype=torch.long)),
    (torch.randint(0, 32, (1, 5)), torch.ones(1, 5, dtype=torch.long)),
]
b, t = Dim("b"), Dim("t")
dynamic_shapes = ({0: b, 1: t}, {0: b, 1: t})
