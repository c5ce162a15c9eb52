# Source: huggingface/transformers src/transformers/models/llava/modeling_llava.py
#   (LlavaForConditionalGeneration.forward, transformers 4.45-4.47): `n_image_tokens = (input_ids ==
#   self.config.image_token_index).sum().item()`, `n_image_features = image_features.shape[0]`, `if
#   n_image_tokens != n_image_features: raise ValueError(f"Image features and image tokens do not
#   match: tokens: {n_image_tokens}, features {n_image_features}")`, `special_image_mask = (input_ids
#   == self.config.image_token_index).unsqueeze(-1)`, `inputs_embeds =
#   inputs_embeds.masked_scatter(special_image_mask, image_features)`.
# What fails: the count of image tokens is data (`.item()`), compared with the dynamic number of
#   image features: export cannot decide the test.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8, image_token_index=3):
        super().__init__()
        self.image_token_index = image_token_index
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.multi_modal_projector = nn.Linear(6, dim)

    def forward(self, input_ids, image_features):
        inputs_embeds = self.embed_tokens(input_ids)
        image_features = self.multi_modal_projector(image_features)
        n_image_tokens = (input_ids == self.image_token_index).sum().item()
        n_image_features = image_features.shape[0]
        if n_image_tokens != n_image_features:  # expect: NONE-size-check-data
            raise ValueError(f"Image features and image tokens do not match: tokens: {n_image_tokens}, features {n_image_features}")
        special_image_mask = (input_ids == self.image_token_index).unsqueeze(-1)
        special_image_mask = special_image_mask.expand_as(inputs_embeds)
        inputs_embeds = inputs_embeds.masked_scatter(special_image_mask, image_features)
        return inputs_embeds


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[1, 3, 3, 5, 6], [3, 3, 2, 2, 7]]), torch.randn(4, 6)),
    (torch.tensor([[3, 3, 3, 1, 2, 4, 5]]), torch.randn(3, 6)),
    (torch.tensor([[1, 3, 2], [2, 3, 1], [3, 1, 1]]), torch.randn(3, 6)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
