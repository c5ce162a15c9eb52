import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Encoder that prepends learned prompt tokens when the prompt is set (not all zeros)
    and returns `(pooled, attentions)`, the attentions None as transformers layers return
    them without `output_attentions`. The branch changes the sequence length."""

    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(8)
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, tokens, prompts):
        if prompts.abs().sum() != 0:  # expect: EXL101
            tokens = torch.cat((prompts, tokens), dim=1)
        hidden = self.proj(self.norm(tokens))
        return hidden.mean(dim=1), None


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 3, 8)),
    (torch.randn(3, 7, 8), torch.zeros(3, 3, 8)),
    (torch.randn(4, 4, 8), torch.randn(4, 3, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
