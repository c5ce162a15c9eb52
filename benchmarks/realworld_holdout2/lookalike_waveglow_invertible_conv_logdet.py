# Source: NVIDIA/waveglow glow.py (Invertible1x1Conv.forward, the training/likelihood direction,
#   paraphrased): `batch_size, group_size, n_of_groups = z.size()`, `W = self.conv.weight.squeeze()`,
#   `log_det_W = batch_size * n_of_groups * torch.logdet(W)`, `z = self.conv(z)`, `return z,
#   log_det_W`; the weight is initialised as a random orthonormal matrix with determinant 1
#   (`W = torch.qr(torch.FloatTensor(c, c).normal_())[0]; if torch.det(W) < 0: W[:,0] = -1*W[:,0]`).
# Look-alike: `torch.logdet` looks like one of the linear-algebra ops torch.onnx cannot translate,
#   but torch 2.13 decomposes it (it is computed from a weight): exports, converts and matches eager
#   on unseen lengths (measured).
import torch
from torch import nn
from torch.export import Dim


class Invertible1x1Conv(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv1d(c, c, kernel_size=1, stride=1, padding=0, bias=False)
        W = torch.linalg.qr(torch.randn(c, c))[0]
        if torch.det(W) < 0:
            W[:, 0] = -1 * W[:, 0]
        self.conv.weight.data = W.view(c, c, 1)

    def forward(self, z):
        batch_size, group_size, n_of_groups = z.size()
        W = self.conv.weight.squeeze()
        log_det_W = batch_size * n_of_groups * torch.logdet(W)
        return self.conv(z), log_det_W


class Model(nn.Module):
    def __init__(self, c=4):
        super().__init__()
        self.inv = Invertible1x1Conv(c)

    def forward(self, audio):
        z, log_det = self.inv(audio)
        return z.sum(dim=(1, 2)) + log_det


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 10),), (torch.randn(3, 4, 17),), (torch.randn(1, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
