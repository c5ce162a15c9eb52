# Source: huggingface/transformers src/transformers/models/hubert/modeling_hubert.py
#   (HubertModel._mask_hidden_states and _compute_mask_indices, paraphrased): `if not
#   getattr(self.config, "apply_spec_augment", True): return hidden_states`, `batch_size,
#   sequence_length, hidden_size = hidden_states.size()`, `if mask_time_indices is not None:
#   hidden_states[mask_time_indices] = self.masked_spec_embed.to(hidden_states.dtype) elif
#   self.config.mask_time_prob > 0 and self.training: mask_time_indices =
#   _compute_mask_indices((batch_size, sequence_length), mask_prob=self.config.mask_time_prob,
#   mask_length=self.config.mask_time_length, attention_mask=attention_mask, min_masks=2);
#   mask_time_indices = torch.tensor(mask_time_indices, device=hidden_states.device,
#   dtype=torch.bool); hidden_states[mask_time_indices] = self.masked_spec_embed`;
#   `_compute_mask_indices` is numpy (`np.random.rand`, `np.random.choice`, `np.zeros`).
# Look-alike: numpy randomness on the dynamic sizes, `torch.tensor` of a numpy mask and an
#   in-place masked write, all behind `self.training` (and a `mask_time_indices` argument that is
#   None here): exports and matches eager in eval mode.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def _compute_mask_indices(shape, mask_prob, mask_length, min_masks=0):
    batch_size, sequence_length = shape
    spec_aug_mask = np.zeros((batch_size, sequence_length), dtype=bool)
    num_masked_span = max(int(mask_prob * sequence_length / mask_length + np.random.rand()), min_masks)
    for i in range(batch_size):
        starts = np.random.choice(np.arange(max(sequence_length - mask_length, 1)), num_masked_span, replace=False)
        for s in starts:
            spec_aug_mask[i, s : s + mask_length] = True
    return spec_aug_mask


class Model(nn.Module):
    def __init__(self, dim=8, mask_time_prob=0.3, mask_time_length=2):
        super().__init__()
        self.mask_time_prob, self.mask_time_length = mask_time_prob, mask_time_length
        self.apply_spec_augment = True
        self.feature_projection = nn.Linear(dim, dim)
        self.masked_spec_embed = nn.Parameter(torch.rand(dim))
        self.encoder = nn.Linear(dim, dim)

    def _mask_hidden_states(self, hidden_states, mask_time_indices=None):
        if not self.apply_spec_augment:
            return hidden_states
        batch_size, sequence_length, hidden_size = hidden_states.size()
        if mask_time_indices is not None:
            hidden_states[mask_time_indices] = self.masked_spec_embed.to(hidden_states.dtype)
        elif self.mask_time_prob > 0 and self.training:
            mask_time_indices = _compute_mask_indices((batch_size, sequence_length), self.mask_time_prob, self.mask_time_length, min_masks=2)
            mask_time_indices = torch.tensor(mask_time_indices, device=hidden_states.device, dtype=torch.bool)
            hidden_states[mask_time_indices] = self.masked_spec_embed.to(hidden_states.dtype)
        return hidden_states

    def forward(self, features):
        hidden_states = self._mask_hidden_states(self.feature_projection(features))
        return self.encoder(torch.relu(hidden_states))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 8),), (torch.randn(3, 17, 8),), (torch.randn(1, 6, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
