# Source: huggingface/transformers src/transformers/models/llava/modeling_llava.py
#   (LlavaModel.get_placeholder_mask, transformers 4.5x-5.x): `special_image_mask = input_ids ==
#   self.config.image_token_id`, `n_image_tokens = special_image_mask.sum()`, `special_image_mask =
#   special_image_mask.unsqueeze(-1).expand_as(inputs_embeds).to(inputs_embeds.device)`, `if
#   image_features is not None and not is_torchdynamo_compiling() and
#   inputs_embeds[special_image_mask].numel() != image_features.numel(): raise ValueError(...)`
#   (is_torchdynamo_compiling is torch.compiler.is_compiling()).
# Look-alike: the data-dependent check only runs when not compiling: torch.export never traces it;
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8, image_token_id=3):
        super().__init__()
        self.image_token_id = image_token_id
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.multi_modal_projector = nn.Linear(6, dim)

    def get_placeholder_mask(self, input_ids, inputs_embeds, image_features):
        special_image_mask = input_ids == self.image_token_id
        n_image_tokens = special_image_mask.sum()
        special_image_mask = special_image_mask.unsqueeze(-1).expand_as(inputs_embeds).to(inputs_embeds.device)
        if image_features is not None and not torch.compiler.is_compiling() and inputs_embeds[special_image_mask].numel() != image_features.numel():
            raise ValueError(f"Image features and image tokens do not match, tokens: {n_image_tokens}, features: {image_features.shape[0]}")
        return special_image_mask

    def forward(self, input_ids, image_features):
        inputs_embeds = self.embed_tokens(input_ids)
        image_features = self.multi_modal_projector(image_features)
        special_image_mask = self.get_placeholder_mask(input_ids, inputs_embeds, image_features)
        return inputs_embeds.masked_scatter(special_image_mask, image_features)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[1, 3, 3, 5, 6], [3, 3, 2, 2, 7]]), torch.randn(4, 6)),
    (torch.tensor([[3, 3, 3, 1, 2, 4, 5]]), torch.randn(3, 6)),
    (torch.tensor([[1, 3, 2], [2, 3, 1], [3, 1, 1]]), torch.randn(3, 6)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
