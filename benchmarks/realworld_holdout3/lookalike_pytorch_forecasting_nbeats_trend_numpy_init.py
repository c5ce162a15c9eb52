# Source: sktime/pytorch-forecasting pytorch_forecasting/models/nbeats/sub_modules.py (linspace,
#   NBEATSBlock, NBEATSTrendBlock; paraphrased, dropout cut): `def linspace(backcast_length,
#   forecast_length, centered=False): if centered: norm = max(backcast_length, forecast_length);
#   start = -backcast_length; stop = forecast_length - 1 else: ...; lin_space = np.linspace(start /
#   norm, stop / norm, backcast_length + forecast_length, dtype=np.float32); b_ls =
#   lin_space[:backcast_length]; f_ls = lin_space[backcast_length:]; return b_ls, f_ls`;
#   NBEATSTrendBlock.__init__: `backcast_linspace, forecast_linspace = linspace(backcast_length,
#   forecast_length, centered=True)`, `norm = np.sqrt(forecast_length / thetas_dim)`,
#   `coefficients = torch.tensor([backcast_linspace**i for i in range(thetas_dim)],
#   dtype=torch.float32)`, `self.register_buffer("T_backcast", coefficients * norm)`, ... forward:
#   `x = super().forward(x)`, `backcast = self.theta_b_fc(x).mm(self.T_backcast)`, `forecast =
#   self.theta_f_fc(x).mm(self.T_forecast)`, `return backcast, forecast`.
# Look-alike: numpy builds the polynomial trend basis, but in `__init__` from configuration
#   lengths; forward is plain torch over a dynamic batch: exports, converts and matches eager on
#   unseen batch sizes.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def linspace(backcast_length, forecast_length, centered=False):
    if centered:
        norm = max(backcast_length, forecast_length)
        start = -backcast_length
        stop = forecast_length - 1
    else:
        norm = backcast_length + forecast_length
        start = 0
        stop = backcast_length + forecast_length - 1
    lin_space = np.linspace(start / norm, stop / norm, backcast_length + forecast_length, dtype=np.float32)
    b_ls = lin_space[:backcast_length]
    f_ls = lin_space[backcast_length:]
    return b_ls, f_ls


class NBEATSBlock(nn.Module):
    def __init__(self, units, thetas_dim, num_block_layers=2, backcast_length=10, forecast_length=5, share_thetas=True):
        super().__init__()
        fc_stack = [nn.Linear(backcast_length, units), nn.ReLU()]
        for _ in range(num_block_layers - 1):
            fc_stack.extend([nn.Linear(units, units), nn.ReLU()])
        self.fc = nn.Sequential(*fc_stack)
        if share_thetas:
            self.theta_f_fc = self.theta_b_fc = nn.Linear(units, thetas_dim, bias=False)
        else:
            self.theta_b_fc = nn.Linear(units, thetas_dim, bias=False)
            self.theta_f_fc = nn.Linear(units, thetas_dim, bias=False)

    def forward(self, x):
        return self.fc(x)


class NBEATSTrendBlock(NBEATSBlock):
    def __init__(self, units, thetas_dim, num_block_layers=2, backcast_length=10, forecast_length=5):
        super().__init__(units, thetas_dim, num_block_layers, backcast_length, forecast_length, share_thetas=True)
        backcast_linspace, forecast_linspace = linspace(backcast_length, forecast_length, centered=True)
        norm = np.sqrt(forecast_length / thetas_dim)
        coefficients = torch.tensor(np.array([backcast_linspace**i for i in range(thetas_dim)]), dtype=torch.float32)
        self.register_buffer("T_backcast", coefficients * norm)
        coefficients = torch.tensor(np.array([forecast_linspace**i for i in range(thetas_dim)]), dtype=torch.float32)
        self.register_buffer("T_forecast", coefficients * norm)

    def forward(self, x):
        x = super().forward(x)
        backcast = self.theta_b_fc(x).mm(self.T_backcast)
        forecast = self.theta_f_fc(x).mm(self.T_forecast)
        return backcast, forecast


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([NBEATSTrendBlock(16, 3), NBEATSTrendBlock(16, 3)])

    def forward(self, target):
        backcast = target
        forecast = torch.zeros(target.shape[0], 5)
        for block in self.blocks:
            b, f = block(backcast)
            backcast = backcast - b
            forecast = forecast + f
        return forecast


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 10),), (torch.randn(9, 10),), (torch.randn(2, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
