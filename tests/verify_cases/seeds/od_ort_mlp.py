"""onnx-diagnostic / experimental-experiment, "ONNX backend with onnxruntime": the MLP, on a
batch of 3 and the training loop's batch of 5 (dynamic batch guessed)."""

import torch


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(10, 32),
            torch.nn.ReLU(),
            torch.nn.Linear(32, 1),
        )

    def forward(self, x):
        return self.layers(x)


model = MLP()
example_inputs = [(torch.randn(3, 10),), (torch.randn(5, 10),)]
