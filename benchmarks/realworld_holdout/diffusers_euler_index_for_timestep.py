# Source: huggingface/diffusers src/diffusers/schedulers/scheduling_euler_discrete.py
#   (EulerDiscreteScheduler.index_for_timestep, scale_model_input and step), wrapped with a
#   denoiser in one exported step as deployments of a sampling loop do: `indices =
#   (schedule_timesteps == timestep).nonzero()`, `pos = 1 if len(indices) > 1 else 0`,
#   `return indices[pos].item()`, then `sigma = self.sigmas[self.step_index]`.
# What fails: `len(indices)` is the number of matching timesteps (data-dependent); the ternary
#   on it cannot be decided at trace time.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=3, steps=6):
        super().__init__()
        self.unet = nn.Conv2d(channels, channels, 3, padding=1)
        timesteps = torch.linspace(999, 0, steps)
        betas = torch.linspace(0.00085, 0.012, 1000)
        alphas_cumprod = torch.cumprod(1.0 - betas, dim=0)
        all_sigmas = ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5
        sigmas = all_sigmas[timesteps.long()]
        self.register_buffer("timesteps", timesteps)
        self.register_buffer("sigmas", torch.cat([sigmas, torch.zeros(1)]))

    def index_for_timestep(self, timestep, schedule_timesteps=None):
        if schedule_timesteps is None:
            schedule_timesteps = self.timesteps
        indices = (schedule_timesteps == timestep).nonzero()
        pos = 1 if len(indices) > 1 else 0  # expect: EXL303
        return indices[pos].item()

    def forward(self, sample, timestep):
        step_index = self.index_for_timestep(timestep)
        sigma = self.sigmas[step_index]
        scaled = sample / ((sigma**2 + 1) ** 0.5)
        model_output = self.unet(scaled)
        pred_original_sample = sample - sigma * model_output
        derivative = (sample - pred_original_sample) / sigma
        dt = self.sigmas[step_index + 1] - sigma
        return sample + derivative * dt


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 8), torch.tensor(999.0)),
    (torch.randn(1, 3, 6, 10), torch.tensor(599.4)),
    (torch.randn(2, 3, 4, 4), torch.tensor(199.8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, None)
