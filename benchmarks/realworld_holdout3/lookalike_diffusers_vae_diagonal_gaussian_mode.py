# Source: huggingface/diffusers src/diffusers/models/autoencoders/vae.py (DiagonalGaussianDistribution)
#   and autoencoder_kl.py (AutoencoderKL.encode / forward with sample_posterior=False,
#   paraphrased): `self.parameters = parameters`, `self.mean, self.logvar = torch.chunk(parameters, 2,
#   dim=1)`, `self.logvar = torch.clamp(self.logvar, -30.0, 20.0)`, `self.deterministic =
#   deterministic`, `self.std = torch.exp(0.5 * self.logvar)`, `self.var = torch.exp(self.logvar)`, `if
#   self.deterministic: self.var = self.std = torch.zeros_like(self.mean, device=self.parameters.device,
#   dtype=self.parameters.dtype)`; `def mode(self) -> torch.Tensor: return self.mean`; `def kl(self,
#   other=None): if self.deterministic: return torch.Tensor([0.0]) else: if other is None: return 0.5 *
#   torch.sum(torch.pow(self.mean, 2) + self.var - 1.0 - self.logvar, dim=[1, 2, 3])`; forward: `posterior =
#   self.encode(x).latent_dist`, `if sample_posterior: z = posterior.sample(generator=generator) else: z
#   = posterior.mode()`, `dec = self.decode(z).sample`.
# Look-alike: `posterior.mode()` and a distribution object built from tensors in forward look
#   like `torch.mode` (no ONNX translation) and a validating `torch.distributions` object, but
#   this is diffusers' own plain class: `mode()` returns the mean and nothing is validated:
#   exports and matches eager on unseen sizes.
import torch
from torch import nn
from torch.export import Dim


class DiagonalGaussianDistribution:
    def __init__(self, parameters, deterministic=False):
        self.parameters = parameters
        self.mean, self.logvar = torch.chunk(parameters, 2, dim=1)
        self.logvar = torch.clamp(self.logvar, -30.0, 20.0)
        self.deterministic = deterministic
        self.std = torch.exp(0.5 * self.logvar)
        self.var = torch.exp(self.logvar)
        if self.deterministic:
            self.var = self.std = torch.zeros_like(self.mean, device=self.parameters.device, dtype=self.parameters.dtype)

    def kl(self, other=None):
        if self.deterministic:
            return torch.Tensor([0.0])
        return 0.5 * torch.sum(torch.pow(self.mean, 2) + self.var - 1.0 - self.logvar, dim=[1, 2, 3])

    def mode(self):
        return self.mean


class Model(nn.Module):
    def __init__(self, latent_channels=4):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.SiLU(), nn.Conv2d(8, 2 * latent_channels, 3, padding=1))
        self.quant_conv = nn.Conv2d(2 * latent_channels, 2 * latent_channels, 1)
        self.post_quant_conv = nn.Conv2d(latent_channels, latent_channels, 1)
        self.decoder = nn.Sequential(nn.Upsample(scale_factor=2.0, mode="nearest"), nn.Conv2d(latent_channels, 3, 3, padding=1))

    def forward(self, sample, sample_posterior=False):
        h = self.quant_conv(self.encoder(sample))
        posterior = DiagonalGaussianDistribution(h)
        z = posterior.mode()
        dec = self.decoder(self.post_quant_conv(z))
        return dec, posterior.kl()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 24),), (torch.randn(1, 3, 20, 12),), (torch.randn(3, 3, 32, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=256) * 2, 3: Dim("w", min=2, max=256) * 2},)
