import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Causal language-model loss: predict token t+1 from position t.

    int(seq_len) on a dynamic size makes export specialize the sequence length.
    """

    def __init__(self):
        super().__init__()
        self.vocab = 11
        self.embed = torch.nn.Embedding(self.vocab, 16)
        self.mix = torch.nn.Linear(16, 16)
        self.lm_head = torch.nn.Linear(16, self.vocab)

    def forward(self, input_ids):
        h = torch.tanh(self.mix(self.embed(input_ids)))
        logits = self.lm_head(h)  # (batch, seq, vocab)
        seq_len = input_ids.shape[1]
        shift_logits = logits[:, : seq_len - 1]  # expect: EXL301
        shift_labels = input_ids[:, 1:]
        return F.cross_entropy(shift_logits.reshape(-1, self.vocab), shift_labels.reshape(-1))


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 11, (3, 6)),),
    (torch.randint(0, 11, (3, 10)),),
    (torch.randint(0, 11, (3, 4)),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
