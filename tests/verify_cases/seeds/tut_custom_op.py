"""torch.export tutorial, "Custom Ops": a custom operator with a fake kernel.

torch.export keeps it in the graph; torch.onnx has no translation for it.
"""

import torch


@torch.library.custom_op("exportlint_tutorial::custom_op", mutates_args={})
def custom_op(x: torch.Tensor) -> torch.Tensor:
    return torch.relu(x)


@custom_op.register_fake
def custom_op_meta(x):
    return torch.empty_like(x)


class CustomOpExample(torch.nn.Module):
    def forward(self, x):
        x = torch.sin(x)
        x = torch.ops.exportlint_tutorial.custom_op(x)
        x = torch.cos(x)
        return x


model = CustomOpExample()
example_inputs = [(torch.randn(3, 3),)]
