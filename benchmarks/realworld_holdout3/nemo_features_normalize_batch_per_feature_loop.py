# Source: NVIDIA/NeMo nemo/collections/asr/parts/features.py (normalize_batch, NeMo 0.x/1.0, "Taken
#   straight from Patter"; called by FilterbankFeatures.forward after the log-mel features,
#   normalize="per_feature"): `def normalize_batch(x, seq_len, normalize_type): if normalize_type ==
#   "per_feature": x_mean = torch.zeros((seq_len.shape[0], x.shape[1]), dtype=x.dtype,
#   device=x.device); x_std = torch.zeros((seq_len.shape[0], x.shape[1]), dtype=x.dtype,
#   device=x.device); for i in range(x.shape[0]): x_mean[i, :] = x[i, :, : seq_len[i]].mean(dim=1);
#   x_std[i, :] = x[i, :, : seq_len[i]].std(dim=1); x_std += CONSTANT; return (x -
#   x_mean.unsqueeze(2)) / x_std.unsqueeze(2)`; in the features: `seq_len = self.get_seq_len(seq_len)`
#   (`torch.ceil(seq_len / self.hop_length).to(dtype=torch.long)`), `x = normalize_batch(x,
#   seq_len, normalize_type=self.normalize)`.
# What fails: per-utterance statistics in a Python loop over the dynamic batch, each slicing the
#   time axis to a length read from the `seq_len` tensor (`x[i, :, : seq_len[i]]`).
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated (b)! You
#   marked b as dynamic but your code specialized it to be a constant (2).
import torch
from torch import nn
from torch.export import Dim

CONSTANT = 1e-5


def normalize_batch(x, seq_len, normalize_type):
    if normalize_type == "per_feature":
        x_mean = torch.zeros((seq_len.shape[0], x.shape[1]), dtype=x.dtype, device=x.device)
        x_std = torch.zeros((seq_len.shape[0], x.shape[1]), dtype=x.dtype, device=x.device)
        for i in range(x.shape[0]):  # expect: EXL401
            x_mean[i, :] = x[i, :, : seq_len[i]].mean(dim=1)  # expect: EXL201
            x_std[i, :] = x[i, :, : seq_len[i]].std(dim=1)  # expect: EXL201
        x_std += CONSTANT
        return (x - x_mean.unsqueeze(2)) / x_std.unsqueeze(2)
    return x


class Model(nn.Module):
    def __init__(self, n_fft=8, nfilt=4, hop_length=4):
        super().__init__()
        self.hop_length = hop_length
        self.normalize = "per_feature"
        self.fb = nn.Conv1d(1, nfilt, n_fft, stride=hop_length, padding=n_fft // 2, bias=False)

    def get_seq_len(self, seq_len):
        return torch.floor_divide(seq_len, self.hop_length).to(dtype=torch.long) + 1

    def forward(self, x, seq_len):
        seq_len = self.get_seq_len(seq_len)
        x = torch.log(self.fb(x.unsqueeze(1)).pow(2) + 1e-6)
        return normalize_batch(x, seq_len, normalize_type=self.normalize)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 40), torch.tensor([40, 25])),
    (torch.randn(3, 64), torch.tensor([64, 50, 33])),
    (torch.randn(2, 28), torch.tensor([28, 20])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim("t", min=16, max=4096)}, {0: b})
