# Source: AntixK/PyTorch-VAE models/vanilla_vae.py (VanillaVAE.reparameterize and forward): `def
#   reparameterize(self, mu, logvar): std = torch.exp(0.5 * logvar); eps = torch.randn_like(std);
#   return eps * std + mu`, `def forward(self, input, **kwargs): mu, log_var = self.encode(input); z =
#   self.reparameterize(mu, log_var); return [self.decode(z), input, mu, log_var]`.
# What fails: the sampling runs in eval mode too: the exported and ONNX models draw other noise
#   than eager, so the reconstruction does not match.
import torch
from torch import nn
from torch.export import Dim


class VanillaVAE(nn.Module):
    def __init__(self, in_dim=8, latent_dim=4):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(in_dim, 16), nn.LeakyReLU())
        self.fc_mu = nn.Linear(16, latent_dim)
        self.fc_var = nn.Linear(16, latent_dim)
        self.decoder = nn.Linear(latent_dim, in_dim)

    def encode(self, input):
        result = self.encoder(input)
        return [self.fc_mu(result), self.fc_var(result)]

    def decode(self, z):
        return torch.tanh(self.decoder(z))

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)  # expect: EXL502
        return eps * std + mu

    def forward(self, input):
        mu, log_var = self.encode(input)
        z = self.reparameterize(mu, log_var)
        return [self.decode(z), input, mu, log_var]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.vae = VanillaVAE()

    def forward(self, input):
        recons, _, mu, log_var = self.vae(input)
        return recons, mu, log_var


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8),), (torch.randn(5, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
