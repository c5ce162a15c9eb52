# Source: huggingface/transformers src/transformers/models/timesfm2_5/modeling_timesfm2_5.py
#   (transformers 5.24; TimesFm2_5Model.forward, _update_running_stats and _revin, cut to the
#   input normalisation; the transformer stack is one Linear here): `batch_size, seq_len =
#   past_values.shape`, `patch_len = self.config.patch_length`, `if past_values_padding is None:
#   past_values_padding = torch.zeros_like(past_values, dtype=torch.long)`, `patched_inputs =
#   past_values.view(batch_size, -1, patch_len)`, `patched_masks = past_values_padding[:,
#   :seq_len].view(batch_size, -1, patch_len)`, `patched_masks_bool = patched_masks >= 0.5`, `count
#   = past_values.new_zeros(batch_size)`, ..., `for i in range(patched_inputs.shape[1]): count,
#   mean, std = self._update_running_stats(count, mean, std, patched_inputs[:, i, :],
#   patched_masks_bool[:, i, :]); mean_history.append(mean); std_history.append(std)`, `if
#   mean_history: context_mu = torch.stack(mean_history, dim=1); ...`, `normed_inputs =
#   self._revin(patched_inputs, context_mu, context_sigma, reverse=False,
#   mask=patched_masks_bool)`; Welford's update in `_update_running_stats` (quoted in full below).
# What fails: the running statistics are accumulated in a Python loop over the patches; the
#   number of patches is the dynamic context length divided by the patch length.
# Measured (torch 2.13, verification worker): export succeeds (the loop is unrolled); ep.module()
#   fails on an unseen length (AssertionError: Guard failed: past_values.size()[1] // 4 == 4).
import torch
from torch import nn
from torch.export import Dim


class TimesFmLike(nn.Module):
    def __init__(self, patch_length=4, hidden=8):
        super().__init__()
        self.patch_length = patch_length
        self.tolerance = 1e-6
        self.tokenizer = nn.Linear(2 * patch_length, hidden)

    @staticmethod
    def _update_running_stats(count, mean, std, new_values, mask):
        is_valid = (~mask).to(new_values.dtype)
        inc_count = is_valid.sum(dim=-1)
        inc_count_safe = torch.where(inc_count == 0, torch.ones_like(inc_count), inc_count)
        inc_mean = (new_values * is_valid).sum(dim=-1) / inc_count_safe
        inc_mean = torch.where(inc_count == 0, torch.zeros_like(inc_mean), inc_mean)
        centered = new_values - inc_mean.unsqueeze(-1)
        inc_var = ((centered * is_valid) ** 2).sum(dim=-1) / inc_count_safe
        inc_var = torch.where(inc_count == 0, torch.zeros_like(inc_var), inc_var)
        inc_std = torch.sqrt(torch.clamp(inc_var, min=0.0))
        new_count = count + inc_count
        new_count_safe = torch.where(new_count == 0, torch.ones_like(new_count), new_count)
        new_mean = (count * mean + inc_mean * inc_count) / new_count_safe
        new_mean = torch.where(new_count == 0, torch.zeros_like(new_mean), new_mean)
        term1 = count * std.pow(2)
        term2 = inc_count * inc_std.pow(2)
        term3 = count * (mean - new_mean).pow(2)
        term4 = inc_count * (inc_mean - new_mean).pow(2)
        new_var = (term1 + term2 + term3 + term4) / new_count_safe
        new_var = torch.where(new_count == 0, torch.zeros_like(new_var), new_var)
        new_std = torch.sqrt(torch.clamp(new_var, min=0.0))
        return new_count, new_mean, new_std

    def _revin(self, hidden_states, loc, scale, reverse=False, mask=None):
        if len(loc.shape) == len(hidden_states.shape) - 1:
            loc = loc[..., None]
            scale = scale[..., None]
        elif len(loc.shape) == len(hidden_states.shape) - 2:
            loc = loc[..., None, None]
            scale = scale[..., None, None]
        safe_scale = torch.where(scale < self.tolerance, torch.ones_like(scale), scale)
        if reverse:
            return hidden_states * scale + loc
        normed = (hidden_states - loc) / safe_scale
        if mask is not None:
            normed = torch.where(mask, torch.zeros_like(normed), normed)
        return normed

    def forward(self, past_values, past_values_padding=None):
        batch_size, seq_len = past_values.shape
        patch_len = self.patch_length
        if past_values_padding is None:
            past_values_padding = torch.zeros_like(past_values, dtype=torch.long)
        patched_inputs = past_values.view(batch_size, -1, patch_len)
        patched_masks = past_values_padding[:, :seq_len].view(batch_size, -1, patch_len)
        patched_masks_bool = patched_masks >= 0.5
        count = past_values.new_zeros(batch_size)
        mean = past_values.new_zeros(batch_size)
        std = past_values.new_zeros(batch_size)
        mean_history = []
        std_history = []
        for i in range(patched_inputs.shape[1]):  # expect: EXL401
            count, mean, std = self._update_running_stats(count, mean, std, patched_inputs[:, i, :], patched_masks_bool[:, i, :])
            mean_history.append(mean)
            std_history.append(std)
        if mean_history:
            context_mu = torch.stack(mean_history, dim=1)
            context_sigma = torch.stack(std_history, dim=1)
        else:
            context_mu = mean.unsqueeze(1)
            context_sigma = std.unsqueeze(1)
        normed_inputs = self._revin(patched_inputs, context_mu, context_sigma, reverse=False, mask=patched_masks_bool)
        tokenizer_inputs = torch.cat([normed_inputs, patched_masks_bool.to(dtype=normed_inputs.dtype)], dim=-1)
        return self.tokenizer(tokenizer_inputs), context_mu


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = TimesFmLike()

    def forward(self, past_values):
        return self.model(past_values)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 16),), (torch.randn(3, 28),), (torch.randn(2, 12),)]
p = Dim("p", min=2, max=64)
dynamic_shapes = ({0: Dim.DYNAMIC, 1: 4 * p},)
