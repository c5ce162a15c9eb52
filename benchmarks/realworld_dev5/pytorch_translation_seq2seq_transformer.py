# Source: pytorch/tutorials beginner_source/translation_transformer.py (`Seq2SeqTransformer`:
#   `outs = self.transformer(src_emb, tgt_emb, src_mask, tgt_mask, None, src_padding_mask,
#   tgt_padding_mask, memory_key_padding_mask)`, masks passed positionally).
# What fails: nn.Transformer hands `src_mask`/`tgt_mask` on with `is_causal=None`; the encoder
#   and decoder compare their values with a causal mask: GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, emb_size=8, vocab=20):
        super().__init__()
        self.transformer = nn.Transformer(
            d_model=emb_size,
            nhead=2,
            num_encoder_layers=1,
            num_decoder_layers=1,
            dim_feedforward=16,
            dropout=0.0,
            batch_first=True,
        )
        self.src_tok_emb = nn.Embedding(vocab, emb_size)
        self.tgt_tok_emb = nn.Embedding(vocab, emb_size)
        self.generator = nn.Linear(emb_size, vocab)

    def forward(self, src, tgt):
        src_len, tgt_len = src.shape[1], tgt.shape[1]
        src_mask = torch.zeros((src_len, src_len), dtype=torch.bool)
        tgt_mask = torch.triu(torch.full((tgt_len, tgt_len), float("-inf")), diagonal=1)
        outs = self.transformer(self.src_tok_emb(src), self.tgt_tok_emb(tgt), src_mask, tgt_mask)  # expect: EXL101
        return self.generator(outs)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 6)), torch.randint(0, 20, (2, 5))),
    (torch.randint(0, 20, (3, 4)), torch.randint(0, 20, (3, 7))),
    (torch.randint(0, 20, (1, 9)), torch.randint(0, 20, (1, 3))),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b"), 1: Dim.DYNAMIC})
