import torch
from torch.distributions import Normal, TransformedDistribution
from torch.distributions.transforms import TanhTransform
from torch.export import Dim


class Model(torch.nn.Module):
    """A SAC-style squashed Gaussian policy: a Normal wrapped in a TransformedDistribution
    with a tanh. Both validate: the Normal its parameters, the TransformedDistribution the
    sample given to `log_prob` (`if not support.check(value).all(): raise`)."""

    def __init__(self):
        super().__init__()
        self.mu = torch.nn.Linear(8, 2)
        self.log_std = torch.nn.Linear(8, 2)

    def forward(self, obs, action):
        mean = self.mu(obs)
        std = self.log_std(obs).clamp(-5.0, 2.0).exp()
        base = Normal(mean, std, validate_args=False)  # expect: EXL101
        squashed = TransformedDistribution(base, [TanhTransform(cache_size=1)], validate_args=False)  # expect: EXL101
        return squashed.log_prob(action).sum(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.rand(4, 2) * 1.8 - 0.9),
    (torch.randn(6, 8), torch.rand(6, 2) * 1.8 - 0.9),
    (torch.randn(3, 8), torch.rand(3, 2) * 1.8 - 0.9),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
