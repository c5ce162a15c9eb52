# Source: facebookresearch/fairseq fairseq/models/transformer/transformer_encoder.py
#   (TransformerEncoderBase.forward_scriptable, paraphrased): `encoder_padding_mask =
#   src_tokens.eq(self.padding_idx)`, `has_pads = (torch.tensor(src_tokens.device.type == "xla") or
#   encoder_padding_mask.any())`, `x, encoder_embedding = self.forward_embedding(src_tokens,
#   token_embeddings)`, `# account for padding while computing the representation`, `x = x * (1 -
#   encoder_padding_mask.unsqueeze(-1).type_as(x) * has_pads.type_as(x))`.
# Look-alike: `torch.tensor(...) or mask.any()` looks like a Python test of tensors, but the first
#   operand is a constant built from a Python bool (known while tracing) and `has_pads` is then
#   only used in arithmetic: exports and matches eager with and without padding (measured).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=30, dim=8, padding_idx=1):
        super().__init__()
        self.padding_idx = padding_idx
        self.embed_tokens = nn.Embedding(vocab, dim, padding_idx=padding_idx)
        self.layer = nn.Linear(dim, dim)

    def forward(self, src_tokens):
        encoder_padding_mask = src_tokens.eq(self.padding_idx)
        has_pads = torch.tensor(src_tokens.device.type == "xla") or encoder_padding_mask.any()
        x = self.embed_tokens(src_tokens) * 2.0
        x = x * (1 - encoder_padding_mask.unsqueeze(-1).type_as(x) * has_pads.type_as(x))
        return self.layer(x)


torch.manual_seed(0)
t0 = torch.randint(2, 30, (2, 6))
t0[1, 4:] = 1
t1 = torch.randint(2, 30, (3, 9))
t2 = torch.randint(2, 30, (1, 4))
t2[0, 3] = 1
example_inputs = [(t0,), (t1,), (t2,)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
