# Source: sktime/pytorch-forecasting pytorch_forecasting/models/nhits/sub_modules.py
#   (IdentityBasis.forward, the "cubic-<n>" interpolation mode; NHiTS built with
#   interpolation_mode="cubic-8"): `backcast = backcast_theta`, `knots = forecast_theta`, ...,
#   `elif "cubic" in self.interpolation_mode: batch_size =
#   int(self.interpolation_mode.split("-")[-1]); knots = knots[:, None, None, :]; forecast =
#   torch.zeros((len(knots), self.forecast_size)).to(knots.device); n_batches =
#   int(np.ceil(len(knots) / batch_size)); for i in range(n_batches): forecast_i =
#   F.interpolate(knots[i * batch_size : (i + 1) * batch_size], size=self.forecast_size,
#   mode="bicubic"); forecast[i * batch_size : (i + 1) * batch_size] += forecast_i[:, 0, 0, :]`,
#   `return backcast, forecast`.
# What fails: the interpolation is chunked over the batch in Python: `len(knots)` of the dynamic
#   batch becomes an int, numpy computes the number of chunks, and a loop runs that many times.
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated
#   (L['encoder_y'].size()[0])! ... specialized it to be a constant (5).
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class IdentityBasis(nn.Module):
    def __init__(self, backcast_size, forecast_size, interpolation_mode):
        super().__init__()
        self.backcast_size = backcast_size
        self.forecast_size = forecast_size
        self.interpolation_mode = interpolation_mode

    def forward(self, backcast_theta, forecast_theta):
        backcast = backcast_theta
        knots = forecast_theta
        if self.interpolation_mode == "nearest":
            knots = knots[:, None, :]
            forecast = F.interpolate(knots, size=self.forecast_size, mode=self.interpolation_mode)
            forecast = forecast[:, 0, :]
        elif "cubic" in self.interpolation_mode:
            batch_size = int(self.interpolation_mode.split("-")[-1])
            knots = knots[:, None, None, :]
            forecast = torch.zeros((len(knots), self.forecast_size)).to(knots.device)  # expect: EXL303
            n_batches = int(np.ceil(len(knots) / batch_size))  # expect: EXL303, EXL302
            for i in range(n_batches):  # expect: EXL401
                forecast_i = F.interpolate(knots[i * batch_size : (i + 1) * batch_size], size=self.forecast_size, mode="bicubic")
                forecast[i * batch_size : (i + 1) * batch_size] += forecast_i[:, 0, 0, :]
        return backcast, forecast


class Model(nn.Module):
    def __init__(self, context_length=12, prediction_length=6, n_knots=3):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(context_length, 16), nn.ReLU())
        self.backcast_head = nn.Linear(16, context_length)
        self.knots_head = nn.Linear(16, n_knots)
        self.basis = IdentityBasis(context_length, prediction_length, "cubic-8")

    def forward(self, encoder_y):
        h = self.mlp(encoder_y)
        backcast, forecast = self.basis(self.backcast_head(h), self.knots_head(h))
        return encoder_y - backcast, forecast


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 12),), (torch.randn(11, 12),), (torch.randn(3, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
