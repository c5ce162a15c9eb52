# Source: CompVis/taming-transformers taming/modules/vqvae/quantize.py (VectorQuantizer.forward,
#   paraphrased): `z = z.permute(0, 2, 3, 1).contiguous()`, `z_flattened = z.view(-1, self.e_dim)`,
#   `d = torch.sum(z_flattened ** 2, dim=1, keepdim=True) + torch.sum(self.embedding.weight**2,
#   dim=1) - 2 * torch.matmul(z_flattened, self.embedding.weight.t())`, `min_encoding_indices =
#   torch.argmin(d, dim=1).unsqueeze(1)`, `min_encodings = torch.zeros(min_encoding_indices.shape[0],
#   self.n_e).to(z)`, `min_encodings.scatter_(1, min_encoding_indices, 1)`, `z_q =
#   torch.matmul(min_encodings, self.embedding.weight).view(z.shape)`, `z_q = z + (z_q -
#   z).detach()`, `e_mean = torch.mean(min_encodings, dim=0)`, `perplexity =
#   torch.exp(-torch.sum(e_mean * torch.log(e_mean + 1e-10)))`, `z_q = z_q.permute(0, 3, 1,
#   2).contiguous()`.
# What fails (written as a look-alike of the in-place `scatter_` and the shape-sized
#   `torch.zeros`, measured as a hazard): the codebook perplexity. The ONNX model computes
#   `Log(mean)` without the `+ 1e-10` (the epsilon is gone from the converted graph), so every
#   code never used gives `0 * log(0) = nan`: onnxruntime returns nan for the perplexity where
#   eager returns 7.44, already on the traced input (torch 2.13, onnxscript's optimiser on,
#   2026-12-03). The quantised output and the indices match.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, n_e=16, e_dim=4):
        super().__init__()
        self.n_e = n_e
        self.e_dim = e_dim
        self.encoder = nn.Conv2d(3, e_dim, 4, stride=4)
        self.embedding = nn.Embedding(n_e, e_dim)
        self.embedding.weight.data.uniform_(-1.0 / n_e, 1.0 / n_e)

    def forward(self, image):
        z = self.encoder(image)
        z = z.permute(0, 2, 3, 1).contiguous()
        z_flattened = z.view(-1, self.e_dim)
        d = (
            torch.sum(z_flattened**2, dim=1, keepdim=True)
            + torch.sum(self.embedding.weight**2, dim=1)
            - 2 * torch.matmul(z_flattened, self.embedding.weight.t())
        )
        min_encoding_indices = torch.argmin(d, dim=1).unsqueeze(1)
        min_encodings = torch.zeros(min_encoding_indices.shape[0], self.n_e).to(z)
        min_encodings.scatter_(1, min_encoding_indices, 1)
        z_q = torch.matmul(min_encodings, self.embedding.weight).view(z.shape)
        z_q = z + (z_q - z).detach()
        e_mean = torch.mean(min_encodings, dim=0)
        perplexity = torch.exp(-torch.sum(e_mean * torch.log(e_mean + 1e-10)))  # expect: NONE-onnx-epsilon-dropped
        z_q = z_q.permute(0, 3, 1, 2).contiguous()
        return z_q, perplexity, min_encoding_indices


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 24),), (torch.randn(1, 3, 20, 36),), (torch.randn(3, 3, 16, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=256) * 4, 3: Dim("w", min=2, max=256) * 4},)
