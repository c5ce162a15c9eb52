# Source: huggingface/diffusers src/diffusers/schedulers/scheduling_ddpm.py (DDPMScheduler.step,
#   previous_timestep and _get_variance, paraphrased; thresholding and clip_sample off,
#   variance_type "fixed_small"): `t = timestep`, `prev_t = self.previous_timestep(t)`,
#   `alpha_prod_t = self.alphas_cumprod[t]`, `alpha_prod_t_prev = self.alphas_cumprod[prev_t] if
#   prev_t >= 0 else self.one`, `beta_prod_t = 1 - alpha_prod_t`, ..., `pred_original_sample =
#   (sample - beta_prod_t ** (0.5) * model_output) / alpha_prod_t ** (0.5)`, `pred_original_sample_coeff =
#   (alpha_prod_t_prev ** (0.5) * current_beta_t) / beta_prod_t`, `current_sample_coeff =
#   current_alpha_t ** (0.5) * beta_prod_t_prev / beta_prod_t`, `pred_prev_sample = ...`,
#   `variance = 0`, `if t > 0: device = model_output.device; variance_noise =
#   randn_tensor(model_output.shape, generator=generator, device=device,
#   dtype=model_output.dtype); ... variance = (self._get_variance(t, predicted_variance=
#   predicted_variance) ** 0.5) * variance_noise`, `pred_prev_sample = pred_prev_sample +
#   variance`; previous_timestep with timesteps set for inference: `index = (self.timesteps ==
#   timestep).nonzero(as_tuple=True)[0][0]`, `prev_t = self.timesteps[index + 1] if index <
#   self.timesteps.shape[0] - 1 else torch.tensor(-1)`. The noise is an input here (as a pipeline
#   passing its own latents' noise), so that the comparison is deterministic.
# What fails: a denoising step exported with the timestep as a tensor input: `prev_t >= 0`,
#   `t > 0` and the last-step test on `index` are Python branches on tensor values.
import torch
from torch import nn
from torch.export import Dim


class DDPMStep(nn.Module):
    def __init__(self, num_train_timesteps=100, num_inference_steps=10):
        super().__init__()
        betas = torch.linspace(1e-4, 0.02, num_train_timesteps)
        alphas = 1.0 - betas
        self.register_buffer("betas", betas)
        self.register_buffer("alphas_cumprod", torch.cumprod(alphas, dim=0))
        self.register_buffer("one", torch.tensor(1.0))
        step_ratio = num_train_timesteps // num_inference_steps
        self.register_buffer("timesteps", (torch.arange(0, num_inference_steps) * step_ratio).flip(0))

    def previous_timestep(self, timestep):
        index = (self.timesteps == timestep).nonzero(as_tuple=True)[0][0]
        prev_t = self.timesteps[index + 1] if index < self.timesteps.shape[0] - 1 else torch.tensor(-1)  # expect: EXL101
        return prev_t

    def _get_variance(self, t, prev_t):
        alpha_prod_t = self.alphas_cumprod[t]
        alpha_prod_t_prev = self.alphas_cumprod[prev_t] if prev_t >= 0 else self.one  # expect: EXL101
        current_beta_t = 1 - alpha_prod_t / alpha_prod_t_prev
        variance = (1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * current_beta_t
        return torch.clamp(variance, min=1e-20)

    def forward(self, model_output, timestep, sample, variance_noise):
        t = timestep
        prev_t = self.previous_timestep(t)
        alpha_prod_t = self.alphas_cumprod[t]
        alpha_prod_t_prev = self.alphas_cumprod[prev_t] if prev_t >= 0 else self.one  # expect: EXL101
        beta_prod_t = 1 - alpha_prod_t
        beta_prod_t_prev = 1 - alpha_prod_t_prev
        current_alpha_t = alpha_prod_t / alpha_prod_t_prev
        current_beta_t = 1 - current_alpha_t
        pred_original_sample = (sample - beta_prod_t ** (0.5) * model_output) / alpha_prod_t ** (0.5)
        pred_original_sample_coeff = (alpha_prod_t_prev ** (0.5) * current_beta_t) / beta_prod_t
        current_sample_coeff = current_alpha_t ** (0.5) * beta_prod_t_prev / beta_prod_t
        pred_prev_sample = pred_original_sample_coeff * pred_original_sample + current_sample_coeff * sample
        variance = 0
        if t > 0:  # expect: EXL101
            variance = (self._get_variance(t, prev_t) ** 0.5) * variance_noise
        return pred_prev_sample + variance


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.unet = nn.Conv2d(4, 4, 3, padding=1)
        self.scheduler = DDPMStep()

    def forward(self, sample, timestep, noise):
        model_output = self.unet(sample)
        return self.scheduler(model_output, timestep, sample, noise)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 8, 8), torch.tensor(50), torch.randn(2, 4, 8, 8)),
    (torch.randn(1, 4, 12, 10), torch.tensor(0), torch.randn(1, 4, 12, 10)),
    (torch.randn(3, 4, 6, 6), torch.tensor(90), torch.randn(3, 4, 6, 6)),
]
dynamic_shapes = (
    {0: Dim("b"), 2: Dim("h"), 3: Dim("w")},
    None,
    {0: Dim("b"), 2: Dim("h"), 3: Dim("w")},
)
