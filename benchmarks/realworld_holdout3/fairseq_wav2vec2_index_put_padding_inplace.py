# Source: facebookresearch/fairseq fairseq/models/wav2vec/wav2vec2.py (TransformerEncoder.forward /
#   extract_features, cut to the first steps) and fairseq/utils.py (index_put): `def
#   extract_features(self, x, padding_mask=None, tgt_layer=None, min_layer=0): if padding_mask is
#   not None: x = index_put(x, padding_mask, 0); x_conv = self.pos_conv(x.transpose(1, 2)); x_conv =
#   x_conv.transpose(1, 2); x = x + x_conv; if not self.layer_norm_first: x = self.layer_norm(x)`;
#   `def index_put(tensor, indices, value): if is_xla_tensor(tensor): for _ in
#   range(indices.dim(), tensor.dim()): indices = indices.unsqueeze(-1); if indices.size(-1) <
#   tensor.size(-1): indices = indices.expand_as(tensor); tensor = torch.mul(tensor, ~indices) +
#   torch.mul(value, indices) else: tensor[indices] = value; return tensor`. (The encoder is called
#   on the features it was given: `x, layer_results = self.extract_features(x, padding_mask, ...)`.)
# What fails: on CPU the helper writes the zeros into the caller's tensor (`tensor[indices] =
#   value`), an in-place write to a forward input; the XLA branch next to it is the out-of-place
#   form.
# Measured (torch 2.13, verification worker): export succeeds; the check of the inputs after the
#   call fails: "onnxruntime wrong on the traced input (input set 0: input 0 after the call: 16 of
#   112 elements differ ...)" (eager zeroed the caller's features, the ONNX model does not). A
#   scratch copy with `tensor = tensor.masked_fill(indices.unsqueeze(-1), value)` verifies.
import torch
from torch import nn
from torch.export import Dim


def is_xla_tensor(tensor):
    return torch.is_tensor(tensor) and tensor.device.type == "xla"


def index_put(tensor, indices, value):
    if is_xla_tensor(tensor):
        for _ in range(indices.dim(), tensor.dim()):
            indices = indices.unsqueeze(-1)
        if indices.size(-1) < tensor.size(-1):
            indices = indices.expand_as(tensor)
        tensor = torch.mul(tensor, ~indices) + torch.mul(value, indices)
    else:
        tensor[indices] = value  # expect: EXL501
    return tensor


class TransformerEncoder(nn.Module):
    def __init__(self, dim=8, layer_norm_first=False):
        super().__init__()
        self.pos_conv = nn.Conv1d(dim, dim, 3, padding=1, groups=2)
        self.layer_norm_first = layer_norm_first
        self.layer_norm = nn.LayerNorm(dim)

    def extract_features(self, x, padding_mask=None):
        if padding_mask is not None:
            x = index_put(x, padding_mask, 0)
        x_conv = self.pos_conv(x.transpose(1, 2))
        x_conv = x_conv.transpose(1, 2)
        x = x + x_conv
        if not self.layer_norm_first:
            x = self.layer_norm(x)
        return x

    def forward(self, x, padding_mask=None):
        return self.extract_features(x, padding_mask)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = TransformerEncoder()

    def forward(self, features, padding_mask):
        return self.encoder(features, padding_mask)


torch.manual_seed(0)
pm1 = torch.zeros(2, 7, dtype=torch.bool)
pm1[1, 5:] = True
pm2 = torch.zeros(3, 12, dtype=torch.bool)
pm2[0, 9:] = True
pm2[2, 4:] = True
example_inputs = [
    (torch.randn(2, 7, 8), pm1),
    (torch.randn(3, 12, 8), pm2),
    (torch.randn(2, 5, 8), torch.zeros(2, 5, dtype=torch.bool)),
]
b, t = Dim("b"), Dim("t")
dynamic_shapes = ({0: b, 1: t}, {0: b, 1: t})
