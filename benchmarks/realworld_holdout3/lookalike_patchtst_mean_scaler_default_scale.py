# Source: huggingface/transformers src/transformers/models/patchtst/modeling_patchtst.py
#   (transformers 5.24; PatchTSTMeanScaler.forward, "Copied from ... TimeSeriesMeanScaler", used by
#   PatchTSTScaler when config.scaling == "mean", default_scale None): `ts_sum = (data *
#   observed_indicator).abs().sum(self.dim, keepdim=True)`, `num_observed =
#   observed_indicator.sum(self.dim, keepdim=True)`, `scale = ts_sum / torch.clamp(num_observed,
#   min=1)`, `if self.default_scale is None: batch_sum = ts_sum.sum(dim=0); batch_observations =
#   torch.clamp(num_observed.sum(0), min=1); default_scale = torch.squeeze(batch_sum /
#   batch_observations) else: default_scale = self.default_scale * torch.ones_like(scale)`, `scale =
#   torch.where(num_observed > 0, scale, default_scale)`, `scale = torch.clamp(scale,
#   min=self.minimum_scale)`, `scaled_data = data / scale`, `if not self.keepdim: scale =
#   scale.squeeze(dim=self.dim)`, `return scaled_data, torch.zeros_like(scale), scale`.
# Look-alike: series with no observed value get the batch's default scale; the choice is a
#   `torch.where` on the counts, never a Python test: exports, converts and matches eager on
#   unseen batch sizes, lengths and observation masks.
import torch
from torch import nn
from torch.export import Dim


class PatchTSTMeanScaler(nn.Module):
    def __init__(self, dim=1, keepdim=True, minimum_scale=1e-10, default_scale=None):
        super().__init__()
        self.dim = dim
        self.keepdim = keepdim
        self.minimum_scale = minimum_scale
        self.default_scale = default_scale

    def forward(self, data, observed_indicator):
        ts_sum = (data * observed_indicator).abs().sum(self.dim, keepdim=True)
        num_observed = observed_indicator.sum(self.dim, keepdim=True)
        scale = ts_sum / torch.clamp(num_observed, min=1)
        if self.default_scale is None:
            batch_sum = ts_sum.sum(dim=0)
            batch_observations = torch.clamp(num_observed.sum(0), min=1)
            default_scale = torch.squeeze(batch_sum / batch_observations)
        else:
            default_scale = self.default_scale * torch.ones_like(scale)
        scale = torch.where(num_observed > 0, scale, default_scale)
        scale = torch.clamp(scale, min=self.minimum_scale)
        scaled_data = data / scale
        if not self.keepdim:
            scale = scale.squeeze(dim=self.dim)
        return scaled_data, torch.zeros_like(scale), scale


class Model(nn.Module):
    def __init__(self, channels=3):
        super().__init__()
        self.scaler = PatchTSTMeanScaler()
        self.proj = nn.Linear(channels, channels)

    def forward(self, past_values, past_observed_mask):
        scaled, loc, scale = self.scaler(past_values, past_observed_mask)
        return self.proj(scaled) * scale + loc


torch.manual_seed(0)
m1 = torch.ones(2, 8, 3)
m1[1, :, 2] = 0
m2 = (torch.rand(4, 13, 3) > 0.3).float()
m2[0, :, 0] = 0
example_inputs = [
    (torch.randn(2, 8, 3), m1),
    (torch.randn(4, 13, 3), m2),
    (torch.randn(3, 5, 3), torch.ones(3, 5, 3)),
]
b, t = Dim("b"), Dim("t")
dynamic_shapes = ({0: b, 1: t}, {0: b, 1: t})
