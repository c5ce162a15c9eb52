# Source: huggingface/diffusers src/diffusers/schedulers/scheduling_ddim.py (DDIMScheduler.step and
#   _get_variance, paraphrased): `prev_timestep = timestep - self.config.num_train_timesteps //
#   self.num_inference_steps`, `alpha_prod_t = self.alphas_cumprod[timestep]`,
#   `alpha_prod_t_prev = self.alphas_cumprod[prev_timestep] if prev_timestep >= 0 else
#   self.final_alpha_cumprod`, `beta_prod_t = 1 - alpha_prod_t`, `pred_original_sample = (sample -
#   beta_prod_t ** (0.5) * model_output) / alpha_prod_t ** (0.5)`, ..., `prev_sample =
#   alpha_prod_t_prev ** (0.5) * pred_original_sample + pred_sample_direction`.
# What fails: with the timestep passed as a tensor (as an exported denoising step receives it),
#   `prev_timestep >= 0` is a tensor in a Python conditional expression.
import torch
from torch import nn
from torch.export import Dim


class DDIMStep(nn.Module):
    def __init__(self, num_train_timesteps=20, num_inference_steps=5):
        super().__init__()
        self.num_train_timesteps = num_train_timesteps
        self.num_inference_steps = num_inference_steps
        betas = torch.linspace(1e-4, 0.02, num_train_timesteps)
        self.register_buffer("alphas_cumprod", torch.cumprod(1.0 - betas, dim=0))
        self.register_buffer("final_alpha_cumprod", torch.tensor(1.0))

    def forward(self, model_output, timestep, sample):
        prev_timestep = timestep - self.num_train_timesteps // self.num_inference_steps
        alpha_prod_t = self.alphas_cumprod[timestep]
        alpha_prod_t_prev = self.alphas_cumprod[prev_timestep] if prev_timestep >= 0 else self.final_alpha_cumprod  # expect: EXL101
        beta_prod_t = 1 - alpha_prod_t
        pred_original_sample = (sample - beta_prod_t ** (0.5) * model_output) / alpha_prod_t ** (0.5)
        pred_sample_direction = (1 - alpha_prod_t_prev) ** (0.5) * model_output
        return alpha_prod_t_prev ** (0.5) * pred_original_sample + pred_sample_direction


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.unet = nn.Conv2d(4, 4, 3, padding=1)
        self.scheduler = DDIMStep()

    def forward(self, sample, timestep):
        return self.scheduler(self.unet(sample), timestep, sample)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 8, 8), torch.tensor(12)),
    (torch.randn(1, 4, 10, 6), torch.tensor(2)),
    (torch.randn(3, 4, 8, 12), torch.tensor(7)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, None)
