import torch
from torch.export import Dim

SOS = 1


class Model(torch.nn.Module):
    """One attention-decoder step over encoder states: the decoder GRU's time axis is the
    one step of `torch.empty(b, 1)` (embedded, then concatenated with the (b, 1, h) context
    of `bmm`), static whatever the source length."""

    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 8)
        self.dec = torch.nn.GRU(16, 8, batch_first=True)
        self.attn = torch.nn.Linear(8, 8)
        self.out = torch.nn.Linear(8, 10)

    def forward(self, enc):
        b = enc.size(0)
        tok = torch.empty(b, 1, dtype=torch.long).fill_(SOS)
        emb = self.emb(tok)
        w = torch.softmax(torch.bmm(self.attn(emb), enc.transpose(1, 2)), dim=-1)
        ctx = torch.bmm(w, enc)
        o, h = self.dec(torch.cat((emb, ctx), dim=2))
        return self.out(o), h


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(4, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
