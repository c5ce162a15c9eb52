# Source: huggingface/transformers src/transformers/models/canine/modeling_canine.py
#   (CanineModel._repeat_molecules, paraphrased): `molecules_without_extra_cls = molecules[:, 1:, :]`,
#   `repeated = torch.repeat_interleave(molecules_without_extra_cls, repeats=rate, dim=-2)`,
#   `last_molecule = molecules[:, -1:, :]`, `remainder_length =
#   torch.fmod(torch.tensor(char_seq_length), torch.tensor(rate)).item()`,
#   `remainder_repeated = torch.repeat_interleave(last_molecule, repeats=remainder_length + rate, dim=-2)`.
# Look-alike: the remainder is read back with `.item()` from a tensor built from a size, and
#   used as a repeat count; on torch 2.13 this exports (an unbacked repeat count, the
#   concatenation with the characters checks it at run time) and matches eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim


class CharactersToMolecules(nn.Module):
    def __init__(self, hidden=8, rate=4):
        super().__init__()
        self.conv = nn.Conv1d(hidden, hidden, kernel_size=rate, stride=rate)
        self.norm = nn.LayerNorm(hidden)

    def forward(self, chars):
        cls = chars[:, 0:1, :]
        down = self.conv(chars.transpose(1, 2)).transpose(1, 2)
        return self.norm(torch.cat([cls, down[:, 0:-1, :]], dim=1))


class Model(nn.Module):
    def __init__(self, hidden=8, rate=4):
        super().__init__()
        self.rate = rate
        self.down = CharactersToMolecules(hidden, rate)
        self.proj = nn.Linear(2 * hidden, hidden)

    def _repeat_molecules(self, molecules, char_seq_length):
        rate = self.rate
        repeated = torch.repeat_interleave(molecules[:, 1:, :], repeats=rate, dim=-2)
        last_molecule = molecules[:, -1:, :]
        remainder_length = torch.fmod(torch.tensor(char_seq_length), torch.tensor(rate)).item()
        remainder_repeated = torch.repeat_interleave(last_molecule, repeats=remainder_length + rate, dim=-2)
        return torch.cat([repeated, remainder_repeated], dim=-2)

    def forward(self, chars):
        molecules = self.down(chars)
        up = self._repeat_molecules(molecules, chars.shape[1])
        return self.proj(torch.cat([chars, up], dim=-1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 18, 8),), (torch.randn(3, 21, 8),), (torch.randn(1, 32, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
