# Source: pytorch/tutorials intermediate_source/torch_export_tutorial.py (the "0/1
#   specialization" part of the dynamic-shapes section, paraphrased: export specialises a
#   dimension whose example size is 0 or 1, even when marked dynamic) applied to the usual way a
#   text classifier is exported: one tokenised sentence as the example, `dynamic_shapes` marking
#   batch and sequence dynamic (huggingface/transformers DistilBertForSequenceClassification
#   head, paraphrased: `hidden_state = distilbert_output[0]`, `pooled_output = hidden_state[:, 0]`,
#   `pooled_output = self.pre_classifier(pooled_output)`, `pooled_output =
#   nn.ReLU()(pooled_output)`, `logits = self.classifier(pooled_output)`).
# What fails: the model is fine; the traced example has a batch of one, so export specialises the
#   batch dimension (`export 0/1 specialized due to hint of 1`) although it is declared dynamic.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=40, dim=8, labels=2):
        super().__init__()
        self.embeddings = nn.Embedding(vocab, dim)
        self.position = nn.Embedding(32, dim)
        self.layer = nn.TransformerEncoderLayer(dim, 2, 16, dropout=0.0, batch_first=True)
        self.pre_classifier = nn.Linear(dim, dim)
        self.classifier = nn.Linear(dim, labels)

    def forward(self, input_ids):
        positions = torch.arange(input_ids.shape[1])
        hidden_state = self.layer(self.embeddings(input_ids) + self.position(positions))
        pooled_output = nn.ReLU()(self.pre_classifier(hidden_state[:, 0]))
        return self.classifier(pooled_output)


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 40, (1, 6)),), (torch.randint(0, 40, (4, 9)),), (torch.randint(0, 40, (2, 5)),)]  # expect: EXL601
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
