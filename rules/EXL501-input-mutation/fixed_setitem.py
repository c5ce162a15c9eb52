import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sequence classifier that blanks the [CLS] column of the caller's attention mask."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(50, 12)
        self.classifier = torch.nn.Linear(12, 2)

    def forward(self, input_ids, attention_mask):
        attention_mask = attention_mask.clone()
        attention_mask[:, 0] = 0  # expect: EXL501
        weights = attention_mask.unsqueeze(-1).to(torch.float32)
        tokens = self.embed(input_ids) * weights
        pooled = tokens.sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
        return self.classifier(pooled)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 50, (2, 7)), torch.ones(2, 7, dtype=torch.int64)),
    (torch.randint(0, 50, (3, 4)), torch.ones(3, 4, dtype=torch.int64)),
    (torch.randint(0, 50, (5, 10)), torch.ones(5, 10, dtype=torch.int64)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
