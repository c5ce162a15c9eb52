# Source: alxndrTL/mamba.py mambapy/pscan.py (npo2, pad_npo2, PScan.pscan and PScan.forward; the
#   backward is cut) as called by mambapy/mamba.py (MambaBlock.selective_scan, pscan=True):
#   `def npo2(len): return 2 ** math.ceil(math.log2(len))`; `def pad_npo2(X): len_npo2 =
#   npo2(X.size(1)); pad_tuple = (0, 0, 0, 0, 0, len_npo2 - X.size(1)); return F.pad(X,
#   pad_tuple, "constant", 0)`; `B, D, L, _ = A.size()`, `num_steps = int(math.log2(L))`, `for _
#   in range(num_steps-2): T = Xa.size(2); Aa = Aa.view(B, D, T//2, 2, -1); ...`, `if Xa.size(2)
#   == 4: ... elif Xa.size(2) == 2: ... return else: return`, the down sweep `for k in
#   range(num_steps-3, -1, -1): Aa = A[:, :, 2**k-1:L:2**k]; ...`; forward: `L = X_in.size(1)`,
#   `if L == npo2(L): A = A_in.clone(); X = X_in.clone() else: A = pad_npo2(A_in); X =
#   pad_npo2(X_in)`, `PScan.pscan(A, X)`, `return X.transpose(2, 1)[:, :L]`; selective_scan:
#   `deltaA = torch.exp(delta.unsqueeze(-1) * A)`, `deltaB = delta.unsqueeze(-1) *
#   B.unsqueeze(2)`, `BX = deltaB * (x.unsqueeze(-1))`, `hs = pscan(deltaA, BX)`, `y = (hs @
#   C.unsqueeze(-1)).squeeze(3)`, `y = y + D * x`.
# What fails: the parallel scan's depth is `log2` of the dynamic sequence length, computed with
#   `math` (next power of two, number of sweeps): the length leaves the symbolic world.
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated
#   (L['x'].size()[1])! ... specialized it to be a constant (12).
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def npo2(len):
    return 2 ** math.ceil(math.log2(len))  # expect: EXL302


def pad_npo2(X):
    len_npo2 = npo2(X.size(1))
    pad_tuple = (0, 0, 0, 0, 0, len_npo2 - X.size(1))
    return F.pad(X, pad_tuple, "constant", 0)


class PScan(torch.autograd.Function):
    @staticmethod
    def pscan(A, X):
        B, D, L, _ = A.size()
        num_steps = int(math.log2(L))  # expect: EXL302
        Aa = A
        Xa = X
        for _ in range(num_steps - 2):
            T = Xa.size(2)
            Aa = Aa.view(B, D, T // 2, 2, -1)
            Xa = Xa.view(B, D, T // 2, 2, -1)
            Xa[:, :, :, 1].add_(Aa[:, :, :, 1].mul(Xa[:, :, :, 0]))
            Aa[:, :, :, 1].mul_(Aa[:, :, :, 0])
            Aa = Aa[:, :, :, 1]
            Xa = Xa[:, :, :, 1]
        if Xa.size(2) == 4:
            Xa[:, :, 1].add_(Aa[:, :, 1].mul(Xa[:, :, 0]))
            Aa[:, :, 1].mul_(Aa[:, :, 0])
            Xa[:, :, 3].add_(Aa[:, :, 3].mul(Xa[:, :, 2] + Aa[:, :, 2].mul(Xa[:, :, 1])))
        elif Xa.size(2) == 2:
            Xa[:, :, 1].add_(Aa[:, :, 1].mul(Xa[:, :, 0]))
            return
        else:
            return
        Aa = A[:, :, 2 ** (num_steps - 2) - 1 : L : 2 ** (num_steps - 2)]
        Xa = X[:, :, 2 ** (num_steps - 2) - 1 : L : 2 ** (num_steps - 2)]
        Xa[:, :, 2].add_(Aa[:, :, 2].mul(Xa[:, :, 1]))
        Aa[:, :, 2].mul_(Aa[:, :, 1])
        for k in range(num_steps - 3, -1, -1):
            Aa = A[:, :, 2**k - 1 : L : 2**k]
            Xa = X[:, :, 2**k - 1 : L : 2**k]
            T = Xa.size(2)
            Aa = Aa.view(B, D, T // 2, 2, -1)
            Xa = Xa.view(B, D, T // 2, 2, -1)
            Xa[:, :, 1:, 0].add_(Aa[:, :, 1:, 0].mul(Xa[:, :, :-1, 1]))
            Aa[:, :, 1:, 0].mul_(Aa[:, :, :-1, 1])

    @staticmethod
    def forward(ctx, A_in, X_in):
        L = X_in.size(1)
        if L == npo2(L):  # expect: EXL102
            A = A_in.clone()
            X = X_in.clone()
        else:
            A = pad_npo2(A_in)
            X = pad_npo2(X_in)
        A = A.transpose(2, 1)
        X = X.transpose(2, 1)
        PScan.pscan(A, X)
        return X.transpose(2, 1)[:, :L]


pscan = PScan.apply


class Model(nn.Module):
    def __init__(self, d_inner=4, d_state=3):
        super().__init__()
        self.x_proj = nn.Linear(d_inner, 1 + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(1, d_inner)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32).repeat(d_inner, 1)))
        self.D = nn.Parameter(torch.ones(d_inner))
        self.d_state = d_state

    def forward(self, x):
        A = -torch.exp(self.A_log.float())
        deltaBC = self.x_proj(x)
        delta, B, C = torch.split(deltaBC, [1, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(self.dt_proj(delta))
        deltaA = torch.exp(delta.unsqueeze(-1) * A)
        deltaB = delta.unsqueeze(-1) * B.unsqueeze(2)
        BX = deltaB * (x.unsqueeze(-1))
        hs = pscan(deltaA, BX)
        y = (hs @ C.unsqueeze(-1)).squeeze(3)
        return y + self.D * x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12, 4),), (torch.randn(3, 16, 4),), (torch.randn(2, 9, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
