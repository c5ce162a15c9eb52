# Source: yenchenlin/nerf-pytorch run_nerf.py (batchify and run_network, paraphrased):
#   `def batchify(fn, chunk): if chunk is None: return fn; def ret(inputs): return torch.cat([
#   fn(inputs[i:i+chunk]) for i in range(0, inputs.shape[0], chunk)], 0); return ret`;
#   `inputs_flat = torch.reshape(inputs, [-1, inputs.shape[-1]])`, `embedded = embed_fn(inputs_flat)`,
#   `outputs_flat = batchify(fn, netchunk)(embedded)`, `outputs = torch.reshape(outputs_flat,
#   list(inputs.shape[:-1]) + [outputs_flat.shape[-1]])`; netchunk is `1024*64` by default
#   (a small chunk here, so that the traced sizes span several chunks).
# What fails: the network is applied chunk by chunk in a Python loop over
#   `range(0, inputs.shape[0], chunk)`: the number of chunks is fixed at the traced point count.
import torch
from torch import nn
from torch.export import Dim


def batchify(fn, chunk):
    if chunk is None:
        return fn

    def ret(inputs):
        return torch.cat([fn(inputs[i : i + chunk]) for i in range(0, inputs.shape[0], chunk)], 0)  # expect: EXL401

    return ret


class Embedder:
    def __init__(self, multires=4):
        self.embed_fns = [lambda x: x]
        for freq in 2.0 ** torch.linspace(0.0, multires - 1, steps=multires):
            for p_fn in (torch.sin, torch.cos):
                self.embed_fns.append(lambda x, p_fn=p_fn, freq=freq: p_fn(x * freq))

    def embed(self, inputs):
        return torch.cat([fn(inputs) for fn in self.embed_fns], -1)


class Model(nn.Module):
    def __init__(self, width=16, netchunk=64):
        super().__init__()
        self.embedder = Embedder()
        self.fn = nn.Sequential(nn.Linear(27, width), nn.ReLU(), nn.Linear(width, 4))
        self.netchunk = netchunk

    def forward(self, inputs):
        inputs_flat = torch.reshape(inputs, [-1, inputs.shape[-1]])
        embedded = self.embedder.embed(inputs_flat)
        outputs_flat = batchify(self.fn, self.netchunk)(embedded)
        return torch.reshape(outputs_flat, list(inputs.shape[:-1]) + [outputs_flat.shape[-1]])


torch.manual_seed(0)
example_inputs = [(torch.randn(20, 8, 3),), (torch.randn(37, 8, 3),), (torch.randn(12, 16, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
