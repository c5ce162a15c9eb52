import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The forward algorithm of a hidden Markov model in log space, batch first: the
    log-probabilities of the states are carried from one frame to the next, and a padded
    frame keeps the previous value."""

    def __init__(self, states=4, features=3):
        super().__init__()
        self.observe = torch.nn.Linear(features, states)
        self.log_transition = torch.nn.Parameter(torch.randn(states, states).log_softmax(-1))
        self.log_prior = torch.nn.Parameter(torch.randn(states).log_softmax(-1))

    def forward(self, frames, valid):
        log_emission = self.observe(frames).log_softmax(-1)
        alpha = self.log_prior + log_emission[:, 0]
        for t in range(1, frames.shape[1]):  # expect: EXL401
            moved = alpha[:, :, None] + self.log_transition
            stepped = moved.logsumexp(dim=1) + log_emission[:, t]
            alpha = torch.where(valid[:, t, None], stepped, alpha)
        return alpha.logsumexp(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]]).bool()),
    (torch.randn(3, 9, 3), torch.ones(3, 9, dtype=torch.bool)),
    (torch.randn(1, 4, 3), torch.tensor([[1, 1, 1, 0]]).bool()),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
