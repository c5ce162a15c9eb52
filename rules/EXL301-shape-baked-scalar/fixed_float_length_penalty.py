import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Beam-search rescoring with the GNMT length penalty.

    float(length) converts the dynamic hypothesis length into a Python float,
    which export can only do by specializing it.
    """

    def __init__(self):
        super().__init__()
        self.alpha = 0.6

    def forward(self, token_logprobs):
        # token_logprobs: (beams, length) log-probabilities of the chosen tokens
        length = token_logprobs.shape[1]
        penalty = ((5.0 + torch.sym_float(length)) / 6.0) ** self.alpha  # expect: EXL301
        scores = token_logprobs.sum(dim=1) / penalty
        return scores.softmax(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 7).log_softmax(-1),),
    (torch.randn(4, 12).log_softmax(-1),),
    (torch.randn(4, 3).log_softmax(-1),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
