# Source: openai/CLIP clip/model.py (CLIP.encode_text and build_attention_mask, paraphrased):
#   `x = self.token_embedding(text).type(self.dtype)`, `x = x + self.positional_embedding.type(
#   self.dtype)`, `x = x.permute(1, 0, 2)  # NLD -> LND`, `x = self.transformer(x)` (ResidualAttentionBlock:
#   `self.attn(x, x, x, need_weights=False, attn_mask=self.attn_mask)[0]`), `x =
#   x.permute(1, 0, 2)`, `x = self.ln_final(x).type(self.dtype)`, `# take features from the eot
#   embedding (eot_token is the highest number in each sequence)`, `x = x[torch.arange(x.shape[0]),
#   text.argmax(dim=-1)] @ self.text_projection`; `mask = torch.empty(self.context_length,
#   self.context_length); mask.fill_(float("-inf")); mask.triu_(1)`.
# Look-alike: the pooled position is chosen by the data (`argmax` of the token ids) but used as a
#   tensor index, with `torch.arange(x.shape[0])` over the dynamic batch: exports and matches.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=50, context_length=8, width=8, embed_dim=4):
        super().__init__()
        self.context_length = context_length
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context_length, width) * 0.01)
        self.attn = nn.MultiheadAttention(width, 2)
        self.ln_1 = nn.LayerNorm(width)
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.randn(width, embed_dim))
        self.register_buffer("attn_mask", self.build_attention_mask(), persistent=False)

    def build_attention_mask(self):
        mask = torch.empty(self.context_length, self.context_length)
        mask.fill_(float("-inf"))
        mask.triu_(1)
        return mask

    def forward(self, text):
        x = self.token_embedding(text) + self.positional_embedding
        x = x.permute(1, 0, 2)
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=self.attn_mask)[0]
        x = x.permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 50, (2, 8)),), (torch.randint(0, 50, (5, 8)),), (torch.randint(0, 50, (3, 8)),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
