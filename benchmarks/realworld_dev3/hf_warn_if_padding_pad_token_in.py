# Source: huggingface/transformers src/transformers/modeling_utils.py
#   (PreTrainedModel.warn_if_padding_and_no_attention_mask, called at the start of BertModel,
#   RobertaModel, ... forward), as in transformers 4.31-4.34: `# Skip the check during tracing.`,
#   `if is_torch_fx_proxy(input_ids) or torch.jit.is_tracing(): return`, `if (attention_mask is not
#   None) or (self.config.pad_token_id is None): return`, `# Check only the first and last input IDs`,
#   `if self.config.pad_token_id in input_ids[:, [-1, 0]]: warn_string = (...)`.
# What fails: `torch.jit.is_tracing()` is False under torch.export, so `pad_token_id in
#   input_ids[...]` asks the tensor for a Python bool.
import warnings

import torch
from torch import nn
from torch.export import Dim


class Config:
    pad_token_id = 0


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8):
        super().__init__()
        self.config = Config()
        self.embeddings = nn.Embedding(vocab, dim)

    def warn_if_padding_and_no_attention_mask(self, input_ids, attention_mask):
        if torch.jit.is_tracing():
            return
        if (attention_mask is not None) or (self.config.pad_token_id is None):
            return
        if self.config.pad_token_id in input_ids[:, [-1, 0]]:  # expect: EXL101
            warnings.warn("We strongly recommend passing in an `attention_mask` since your input_ids may be padded.")

    def forward(self, input_ids):
        self.warn_if_padding_and_no_attention_mask(input_ids, None)
        return self.embeddings(input_ids).mean(1)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7]]),),
    (torch.tensor([[3, 4, 5, 6, 7, 8]]),),
    (torch.tensor([[0, 1, 2], [2, 3, 4], [5, 6, 0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
