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

        def _scan_body(alpha, _step):
            log_emission_t, valid_t = _step
            moved = alpha[:, :, None] + self.log_transition
            stepped = moved.logsumexp(dim=1) + log_emission_t
            alpha = torch.where(valid_t[:, None], stepped, alpha)
            return alpha, ()

        _init = alpha
        _xs = (log_emission.movedim(1, 0)[1:frames.shape[1]], valid.movedim(1, 0)[1:frames.shape[1]])
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
        alpha, _ = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        return alpha.logsumexp(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]]).bool()),
    (torch.randn(3, 9, 3), torch.ones(3, 9, dtype=torch.bool)),
    (torch.randn(1, 4, 3), torch.tensor([[1, 1, 1, 0]]).bool()),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
