# Source: lukemelas/EfficientNet-PyTorch efficientnet_pytorch/utils.py (SwishImplementation,
#   MemoryEfficientSwish) and model.py (MBConvBlock.forward, paraphrased): `class
#   SwishImplementation(torch.autograd.Function): @staticmethod def forward(ctx, i): result = i *
#   torch.sigmoid(i); ctx.save_for_backward(i); return result; @staticmethod def backward(ctx,
#   grad_output): i = ctx.saved_tensors[0]; sigmoid_i = torch.sigmoid(i); return grad_output *
#   (sigmoid_i * (1 + i * (1 - sigmoid_i)))`, `class MemoryEfficientSwish(nn.Module): def
#   forward(self, x): return SwishImplementation.apply(x)`; MBConvBlock: `if self.id_skip and
#   self._block_args.stride == 1 and input_filters == output_filters: if drop_connect_rate: x =
#   drop_connect(x, p=drop_connect_rate, training=self.training); x = x + inputs`.
# Look-alike: a custom autograd.Function in forward looks like a custom operator, but its forward
#   is plain torch ops that torch.export inlines; the skip test reads config: exports and matches.
import torch
from torch import nn
from torch.export import Dim


class SwishImplementation(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i * torch.sigmoid(i)
        ctx.save_for_backward(i)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        i = ctx.saved_tensors[0]
        sigmoid_i = torch.sigmoid(i)
        return grad_output * (sigmoid_i * (1 + i * (1 - sigmoid_i)))


class MemoryEfficientSwish(nn.Module):
    def forward(self, x):
        return SwishImplementation.apply(x)


class Model(nn.Module):
    def __init__(self, ch=4):
        super().__init__()
        self.id_skip = True
        self.stride = 1
        self.expand = nn.Conv2d(ch, 2 * ch, 1)
        self.depthwise = nn.Conv2d(2 * ch, 2 * ch, 3, padding=1, groups=2 * ch)
        self.project = nn.Conv2d(2 * ch, ch, 1)
        self.swish = MemoryEfficientSwish()

    def forward(self, inputs):
        x = self.swish(self.expand(inputs))
        x = self.swish(self.depthwise(x))
        x = self.project(x)
        if self.id_skip and self.stride == 1:
            x = x + inputs
        return x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(3, 4, 7, 12),), (torch.randn(1, 4, 10, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
