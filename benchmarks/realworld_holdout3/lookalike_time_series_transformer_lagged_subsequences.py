# Source: huggingface/transformers src/transformers/models/time_series_transformer/
#   modeling_time_series_transformer.py (transformers 5.24; TimeSeriesTransformerModel.
#   get_lagged_subsequences, called from create_network_inputs): `sequence_length =
#   sequence.shape[1]`, `indices = [lag - shift for lag in self.config.lags_sequence]`, `if
#   max(indices) + subsequences_length > sequence_length: raise ValueError(f"lags cannot go
#   further than history length, ...")`, `lagged_values = []`, `for lag_index in indices:
#   begin_index = -lag_index - subsequences_length; end_index = -lag_index if lag_index > 0 else
#   None; lagged_values.append(sequence[:, begin_index:end_index, ...])`, `return
#   torch.stack(lagged_values, dim=-1)`.
# Look-alike: the history length is dynamic, but the loop runs over the configured lags, the
#   slices count back from the end by config numbers, and the only size test raises (it bounds
#   the length from below): exports, converts and matches eager on unseen history lengths.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, lags_sequence=(1, 2, 3, 5), context_length=4, dim=3):
        super().__init__()
        self.lags_sequence = list(lags_sequence)
        self.context_length = context_length
        self.proj = nn.Linear(dim * len(lags_sequence), 8)

    def get_lagged_subsequences(self, sequence, subsequences_length, shift=0):
        sequence_length = sequence.shape[1]
        indices = [lag - shift for lag in self.lags_sequence]
        if max(indices) + subsequences_length > sequence_length:
            raise ValueError(
                f"lags cannot go further than history length, found lag {max(indices)} "
                f"while history length is only {sequence_length}"
            )
        lagged_values = []
        for lag_index in indices:
            begin_index = -lag_index - subsequences_length
            end_index = -lag_index if lag_index > 0 else None
            lagged_values.append(sequence[:, begin_index:end_index, ...])
        return torch.stack(lagged_values, dim=-1)

    def forward(self, past_values):
        lagged = self.get_lagged_subsequences(past_values, self.context_length, shift=1)
        lags_shape = lagged.shape
        reshaped = lagged.reshape(lags_shape[0], lags_shape[1], -1)
        return self.proj(reshaped)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12, 3),), (torch.randn(3, 20, 3),), (torch.randn(2, 9, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
