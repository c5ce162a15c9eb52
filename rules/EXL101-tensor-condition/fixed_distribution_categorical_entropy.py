import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Entropy bonus of a categorical policy head: torch.distributions.Categorical checks
    its logits with a data-dependent `if` when it is built."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(8, 5)

    def forward(self, features):
        logits = self.head(features)
        policy = torch.distributions.Categorical(logits=logits, validate_args=False)  # expect: EXL101
        return policy.entropy()


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(6, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
