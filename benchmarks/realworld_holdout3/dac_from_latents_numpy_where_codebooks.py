# Source: huggingface/transformers src/transformers/models/dac/modeling_dac.py (transformers 5.24;
#   DacResidualVectorQuantizer.from_latents and DacVectorQuantize.decode_latents; the quantizer's
#   codebook and out_proj as in the source): `quantized_representation = 0`, `quantized_latents =
#   []`, `codes = []`, `codebook_dims_tensor = torch.tensor([0] + [q.codebook_dim for q in
#   self.quantizers])`, `dims = torch.cumsum(codebook_dims_tensor, dim=0)`, `n_codebooks =
#   np.where(dims <= latents.shape[1])[0].max(axis=0, keepdims=True)[0]`, `for i in
#   range(n_codebooks): hidden_dim_j, hidden_dim_k = dims[i], dims[i + 1]; latent_chunk = latents[:,
#   hidden_dim_j:hidden_dim_k, :]; quantized_latents_i, codes_i =
#   self.quantizers[i].decode_latents(latent_chunk); ...; quantized_with_ste = latent_chunk +
#   (quantized_latents_i - latent_chunk); quantized_representation_i =
#   self.quantizers[i].out_proj(quantized_with_ste); quantized_representation =
#   quantized_representation + quantized_representation_i`, `return quantized_representation,
#   torch.cat(quantized_latents, dim=1)`; decode_latents quoted in full below.
# What fails: the number of codebooks is computed with numpy from a tensor of cumulative codebook
#   sizes (`np.where(dims <= latents.shape[1])`): numpy reads a fake tensor during export
#   ("RuntimeError: .numpy() is not supported for tensor subclasses", measured, torch 2.13). The
#   chunks are then sliced with bounds read out of the same tensor (`dims[i]`, `dims[i + 1]`); in a
#   scratch copy with only the numpy line rewritten on Python ints, that slicing exports, converts
#   and matches eager, so it is not marked.
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class DacVectorQuantize(nn.Module):
    def __init__(self, hidden_size=8, codebook_size=6, codebook_dim=2):
        super().__init__()
        self.codebook_dim = codebook_dim
        self.in_proj = nn.Conv1d(hidden_size, codebook_dim, kernel_size=1)
        self.out_proj = nn.Conv1d(codebook_dim, hidden_size, kernel_size=1)
        self.codebook = nn.Embedding(codebook_size, codebook_dim)

    def decode_latents(self, hidden_states):
        batch_size, hidden_dim, sequence_length = hidden_states.shape
        encodings = hidden_states.permute(0, 2, 1).reshape(batch_size * sequence_length, hidden_dim)
        codebook = self.codebook.weight
        encodings = F.normalize(encodings)
        codebook = F.normalize(codebook)
        l2_norm = encodings.pow(2).sum(1, keepdim=True)
        dist = -(l2_norm - 2 * encodings @ codebook.t()) + codebook.pow(2).sum(1, keepdim=True).t()
        indices = dist.max(1)[1]
        indices = indices.reshape(hidden_states.size(0), -1)
        quantized_representation = self.codebook(indices).transpose(1, 2)
        return quantized_representation, indices


class DacResidualVectorQuantizer(nn.Module):
    def __init__(self, n_codebooks=3):
        super().__init__()
        self.quantizers = nn.ModuleList([DacVectorQuantize() for _ in range(n_codebooks)])

    def from_latents(self, latents):
        quantized_representation = 0
        quantized_latents = []
        codes = []
        codebook_dims_tensor = torch.tensor([0] + [q.codebook_dim for q in self.quantizers])
        dims = torch.cumsum(codebook_dims_tensor, dim=0)
        n_codebooks = np.where(dims <= latents.shape[1])[0].max(axis=0, keepdims=True)[0]  # expect: EXL202
        for i in range(n_codebooks):
            hidden_dim_j, hidden_dim_k = dims[i], dims[i + 1]
            latent_chunk = latents[:, hidden_dim_j:hidden_dim_k, :]
            quantized_latents_i, codes_i = self.quantizers[i].decode_latents(latent_chunk)
            quantized_latents.append(quantized_latents_i)
            codes.append(codes_i)
            quantized_with_ste = latent_chunk + (quantized_latents_i - latent_chunk)
            quantized_representation_i = self.quantizers[i].out_proj(quantized_with_ste)
            quantized_representation = quantized_representation + quantized_representation_i
        return quantized_representation, torch.cat(quantized_latents, dim=1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.quantizer = DacResidualVectorQuantizer()

    def forward(self, latents):
        return self.quantizer.from_latents(latents)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 9),), (torch.randn(3, 6, 14),), (torch.randn(2, 6, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
