import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A loss head that validates its labels and names the bad ones: the statements before
    the `raise` only build the message."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.num_classes = num_classes
        self.head = torch.nn.Linear(8, num_classes)

    def forward(self, x, labels):
        logits = self.head(x)

        def _failure_message():
            # name the offending labels in the error
            bad = labels[labels >= self.num_classes]
            return f"labels out of range: {bad.tolist()}"

        torch._check(
            torch.logical_not((labels >= self.num_classes).any()).item(),
            _failure_message,
        )  # expect: EXL101
        # the per-sample loss, written out: torch.onnx's SoftmaxCrossEntropyLoss with
        # reduction="none" fails onnx.checker's shape inference on torch 2.13
        return -logits.log_softmax(-1).gather(1, labels[:, None]).squeeze(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.tensor([1, 2, 3, 9])),
    (torch.randn(6, 8), torch.tensor([0, 1, 2, 3, 4, 5])),
    (torch.randn(3, 8), torch.tensor([7, 7, 0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
