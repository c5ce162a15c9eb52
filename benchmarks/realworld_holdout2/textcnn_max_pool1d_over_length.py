# Source: Shawn1993/cnn-text-classification-pytorch model.py (CNN_Text.forward, paraphrased):
#   `x = self.embed(x)  # (N, W, D)`, `x = x.unsqueeze(1)  # (N, Ci, W, D)`, `x =
#   [F.relu(conv(x)).squeeze(3) for conv in self.convs1]  # [(N, Co, W), ...]*len(Ks)`, `x =
#   [F.max_pool1d(i, i.size(2)).squeeze(2) for i in x]  # [(N, Co), ...]*len(Ks)`, `x =
#   torch.cat(x, 1)`, `logit = self.fc1(self.dropout(x))`.
# What fails: max-over-time pooling passes the dynamic sentence length as the pooling kernel
#   size, a Python int: export freezes the length.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=40, dim=8, co=4, ks=(2, 3), classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.convs1 = nn.ModuleList([nn.Conv2d(1, co, (k, dim)) for k in ks])
        self.fc1 = nn.Linear(len(ks) * co, classes)

    def forward(self, x):
        x = self.embed(x).unsqueeze(1)
        x = [F.relu(conv(x)).squeeze(3) for conv in self.convs1]
        x = [F.max_pool1d(i, i.size(2)).squeeze(2) for i in x]  # expect: EXL301
        return self.fc1(torch.cat(x, 1))


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 40, (2, 7)),), (torch.randint(0, 40, (3, 12)),), (torch.randint(0, 40, (1, 5)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
