import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """TextCNN: n-gram convolutions over token embeddings, each max-pooled over its whole
    length (`F.max_pool1d(x, x.size(2))`, `kernel_size=h.shape[-1]`).

    The kernel is the traced length: export fixes it (Constraints violated).
    """

    def __init__(self, vocab=50, dim=8, filters=4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.bigram = nn.Conv1d(dim, filters, 2)
        self.trigram = nn.Conv1d(dim, filters, 3)
        self.fc = nn.Linear(2 * filters, 2)

    def conv_and_pool(self, x, conv):
        x = F.relu(conv(x))
        x = x.amax(dim=-1, keepdim=True).squeeze(2)  # expect: EXL304
        return x

    def forward(self, tokens):
        x = self.embed(tokens).transpose(1, 2)
        h = torch.tanh(self.trigram(x))
        pooled = h.amax(dim=-1, keepdim=True)  # expect: EXL304
        out = torch.cat([self.conv_and_pool(x, self.bigram), pooled.squeeze(-1)], 1)
        return self.fc(out)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 50, (2, 7)),),
    (torch.randint(0, 50, (3, 12)),),
    (torch.randint(0, 50, (2, 5)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
