import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """A speech recogniser that returns its CTC loss when given the transcripts.

    aten._ctc_loss has a data-dependent output shape: torch.export fails on it
    (DynamicOutputShapeException).
    """

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(8, 6)
        self.ctc = torch.nn.CTCLoss(zero_infinity=True)

    def forward(self, frames, labels):
        # frames: (time, batch, 8), labels: (batch, 3) with classes in 1..5
        log_probs = self.encoder(frames).log_softmax(-1)
        steps = torch.full((frames.shape[1],), frames.shape[0], dtype=torch.long)
        lengths = torch.full((frames.shape[1],), labels.shape[1], dtype=torch.long)
        return self.ctc(log_probs, labels, steps, lengths)  # expect: EXL304


torch.manual_seed(0)
example_inputs = [
    (torch.randn(8, 2, 8), torch.randint(1, 6, (2, 3))),
    (torch.randn(13, 3, 8), torch.randint(1, 6, (3, 3))),
    (torch.randn(6, 2, 8), torch.randint(1, 6, (2, 3))),
]
time, batch = Dim("time"), Dim("batch")
dynamic_shapes = ({0: time, 1: batch}, {0: batch})
