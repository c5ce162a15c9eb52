# Source: DLR-RM/stable-baselines3 stable_baselines3/common/preprocessing.py (preprocess_obs,
#   the MultiDiscrete branch, paraphrased) feeding a FlattenExtractor + MLP policy:
#   `elif isinstance(observation_space, spaces.MultiDiscrete): return th.cat([F.one_hot(obs_.long(),
#   num_classes=int(observation_space.nvec[idx])).float() for idx, obs_ in
#   enumerate(th.split(obs.long(), 1, dim=1))], dim=-1).view(obs.shape[0],
#   sum(observation_space.nvec))`; the Discrete branch: `return F.one_hot(obs.long(),
#   num_classes=int(observation_space.n)).float()`.
# Look-alike (measured, not a hazard): `F.one_hot` is a hazard without `num_classes`, and
#   splitting along an axis and `sum()` of numpy ints look like frozen sizes, but the class
#   counts are given, the split is along the static observation axis and the view's width is a
#   constant: exports and matches eager on unseen batch sizes (torch 2.13, 2026-12-03).
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class MultiDiscrete:
    def __init__(self, nvec):
        self.nvec = np.array(nvec, dtype=np.int64)


def preprocess_obs(obs, observation_space):
    return torch.cat(
        [
            F.one_hot(obs_.long(), num_classes=int(observation_space.nvec[idx])).float()
            for idx, obs_ in enumerate(torch.split(obs.long(), 1, dim=1))
        ],
        dim=-1,
    ).view(obs.shape[0], sum(observation_space.nvec))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.observation_space = MultiDiscrete([3, 5, 2])
        self.policy_net = nn.Sequential(nn.Linear(10, 16), nn.Tanh())
        self.action_net = nn.Linear(16, 4)

    def forward(self, obs):
        features = preprocess_obs(obs, self.observation_space)
        return self.action_net(self.policy_net(features))


def _obs(n, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.stack([torch.randint(0, k, (n,), generator=g) for k in (3, 5, 2)], dim=1),)


example_inputs = [_obs(4, 0), _obs(9, 1), _obs(2, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
