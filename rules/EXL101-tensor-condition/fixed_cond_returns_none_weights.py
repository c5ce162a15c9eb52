import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention-like block that returns `(output, attention_weights)` and, like most
    transformers layers without `output_attentions`, returns None for the weights; the
    output is clamped through a softer path when the activations blow up."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        attn_weights = None

        def _branch_true(h):
            return torch.tanh(h) * 4.0

        def _branch_false(h):
            return self.proj(h)

        _outputs = torch.cond(h.abs().max() > 4.0, _branch_true, _branch_false, (h,))  # expect: EXL101
        return _outputs, attn_weights


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8),),
    (torch.randn(3, 7, 8) * 20,),
    (torch.randn(4, 3, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
