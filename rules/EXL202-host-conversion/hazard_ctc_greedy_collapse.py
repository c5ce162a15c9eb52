import torch
from torch.export import Dim


def collapse_repeats(hyp, blank):
    """Greedy CTC: drop repeated labels, then blanks (plain Python on a list of ints)."""
    out = []
    cur = 0
    prev = 0
    while cur < len(hyp):
        if hyp[cur] != blank:
            out.append(hyp[cur])
        prev = cur
        cur += 1
        while cur < len(hyp) and hyp[cur] == hyp[prev]:
            cur += 1
    return out


class Model(torch.nn.Module):
    """CTC head with greedy decoding inside forward.

    `.tolist()` leaves the traced graph: export fails there. The helper's tests on the
    Python ints are its consequences, not other hazards: only the conversion is reported.
    """

    def __init__(self):
        super().__init__()
        self.blank = 0
        self.proj = torch.nn.Linear(8, 5)

    def forward(self, frames):
        best = self.proj(frames).argmax(-1)
        hyps = [row.tolist() for row in best]  # expect: EXL202, EXL401
        lengths = [len(collapse_repeats(hyp, self.blank)) for hyp in hyps]
        return torch.tensor(lengths)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 8),),
    (torch.randn(3, 9, 8),),
    (torch.randn(4, 15, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
