# Source: awslabs/gluonts src/gluonts/torch/distributions/studentT.py (StudentTOutput.domain_map)
#   and distribution_output.py (DistributionOutput.distribution), as used by the torch
#   SimpleFeedForward / DeepAR heads at prediction time: `args_dim = {"df": 1, "loc": 1, "scale":
#   1}`, `distr_cls = StudentT`, `def domain_map(cls, df, loc, scale): epsilon =
#   torch.finfo(scale.dtype).eps; scale = F.softplus(scale).clamp_min(epsilon); df = 2.0 +
#   F.softplus(df); return df.squeeze(-1), loc.squeeze(-1), scale.squeeze(-1)`; `def
#   distribution(self, distr_args, loc=None, scale=None): distr = self.distr_cls(*distr_args); if
#   loc is None and scale is None: return distr; return AffineTransformed(distr, loc=loc,
#   scale=scale)`. (The forecast mean of the affine-transformed distribution is `base.mean * scale
#   + loc`.)
# What fails: `torch.distributions.StudentT(df, loc, scale)` validates its arguments by default:
#   its constructor tests `constraint.check(value).all()` on the network's outputs, a Python bool
#   read from the data.
# Measured (torch 2.13, verification worker): export: GuardOnDataDependentSymNode: Could not guard
#   on data-dependent expression Eq(u0, 1).
import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import StudentT
from torch.export import Dim


class StudentTOutput:
    args_dim = {"df": 1, "loc": 1, "scale": 1}
    distr_cls = StudentT

    @classmethod
    def domain_map(cls, df, loc, scale):
        epsilon = torch.finfo(scale.dtype).eps
        scale = F.softplus(scale).clamp_min(epsilon)
        df = 2.0 + F.softplus(df)
        return df.squeeze(-1), loc.squeeze(-1), scale.squeeze(-1)

    def distribution(self, distr_args):
        return self.distr_cls(*distr_args)  # expect: EXL101


class Model(nn.Module):
    def __init__(self, context_length=8, prediction_length=4, hidden=16):
        super().__init__()
        self.prediction_length = prediction_length
        self.distr_output = StudentTOutput()
        self.mlp = nn.Sequential(nn.Linear(context_length, hidden), nn.ReLU(), nn.Linear(hidden, hidden * prediction_length))
        self.args_proj = nn.ModuleList([nn.Linear(hidden, d) for d in self.distr_output.args_dim.values()])

    def forward(self, past_target):
        scale = past_target.abs().mean(dim=1, keepdim=True).clamp_min(1e-5)
        h = self.mlp(past_target / scale).reshape(past_target.shape[0], self.prediction_length, -1)
        distr_args = self.distr_output.domain_map(*[proj(h) for proj in self.args_proj])
        distr = self.distr_output.distribution(distr_args)
        return distr.mean * scale + 0.0


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
